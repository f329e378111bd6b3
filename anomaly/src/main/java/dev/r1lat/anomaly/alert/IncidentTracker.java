package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The open anomalies, from their lifecycle events, and the incident each belongs to.
 *
 * <p>One fault is seen at several group levels: a slower us-east/H100 also moves us-east/&#42;,
 * &#42;/H100 and &#42;/&#42;. Each level is its own anomaly (own id, own lifecycle), but they are
 * one incident. Two anomalies are <em>linked</em> when they are related (same component and metric,
 * in groups that share traffic: on region and on tier each equal or one of them {@code *}, and
 * further dimensions agree where both have them) and opened within {@link #LINK_WINDOW_MS} of each
 * other, in event time. An incident is a connected set of linked anomalies, named after its member
 * that opened first (then the smallest anomaly id). Both the link and the name depend only on what
 * each anomaly's first event says (coordinates and opening window), never on the order in which the
 * events are read: the group levels of one fault are keyed apart, land on different partitions, and
 * are read in any order. Links only ever join (nothing read later breaks one), so once every member
 * has been read, every order gives the same incidents with the same names.
 *
 * <p>The price of order independence: an anomaly read before a member of its incident that opened
 * in an earlier window (or before the member that links two incidents) first carries a provisional
 * name and is renamed when that member arrives; levels that open in the same window never rename
 * each other. Two incidents of one component and metric that share no traffic but open in the same
 * minute carry the same name, so Alertmanager notifies them together (each alert keeps its own
 * region and tier). {@link Applied#renamed()} lists the open anomalies an event renamed, so the
 * forwarder can end their alerts under the old label and post them under the new one. Read in
 * detection-time order (live, or a backlog read with {@link TimeOrder}), renames are rare. The kind
 * does not matter: an SLO breach and a baseline regression of one p99 are one incident. Not
 * thread-safe.
 */
public final class IncidentTracker {
  /** An open anomaly: its latest event, the window it opened in (as first seen), its incident. */
  public record Open(LatencyAnomaly latest, long openedAtMs, String incident) {}

  /** An open anomaly whose incident an event renamed: as it is now, and its previous incident. */
  public record Renamed(Open now, String previousIncident) {}

  /**
   * What one event did: the event, its incident, the window its anomaly opened in, the anomaly's
   * previous event if it was open before (null for an opening), and the other open anomalies it
   * renamed (empty unless it linked incidents).
   */
  public record Applied(
      LatencyAnomaly event,
      String incident,
      long openedAtMs,
      LatencyAnomaly previous,
      List<Renamed> renamed) {}

  /** Two related anomalies that opened this close (event time) are one incident. */
  public static final long LINK_WINDOW_MS = 30 * 60_000L;

  /** How long (event time) an ended anomaly can still link a late-read member. */
  static final long ENDED_RETENTION_MS = 6 * 3_600_000L;

  private static final int MAX_ENDED = 10_000;

  private static final DateTimeFormatter MINUTE_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private static final Comparator<Member> FIRST_OPENED =
      Comparator.comparingLong((Member m) -> m.openedAtMs).thenComparing(m -> m.id);

  /** One anomaly as the tracker knows it. */
  private static final class Member {
    final String id;
    final long openedAtMs;
    LatencyAnomaly latest;
    Incident incident;
    long endedAtMs = Long.MAX_VALUE; // still open

    Member(LatencyAnomaly first) {
      this.id = first.getAnomalyId();
      this.openedAtMs = first.getWindowStartMs();
      this.latest = first;
    }

    boolean isOpen() {
      return endedAtMs == Long.MAX_VALUE;
    }

    Open view() {
      return new Open(latest, openedAtMs, incident.name);
    }
  }

  /** A connected set of linked anomalies, named after its first-opened member ever. */
  private static final class Incident {
    final Set<Member> members = new HashSet<>();
    Member first;
    String name;

    Incident(Member m) {
      members.add(m);
      first = m;
      name = newIncident(m.latest);
    }
  }

  private final Map<String, Member> members = new LinkedHashMap<>();
  private long latestWindowMs = Long.MIN_VALUE;
  private int ended;

  /**
   * Applies one lifecycle event. An UPDATE or RESOLVED of an anomaly not seen before (its OPEN was
   * filtered out or is older than the topic's retention) is taken as if it opened then.
   */
  public Applied apply(LatencyAnomaly event) {
    latestWindowMs = Math.max(latestWindowMs, event.getWindowStartMs());
    Member m = members.get(event.getAnomalyId());
    LatencyAnomaly previous = m != null && m.isOpen() ? m.latest : null;
    List<Renamed> renamed = List.of();
    if (m == null) {
      m = new Member(event);
      members.put(m.id, m);
      renamed = join(m);
    }
    m.latest = event;
    if (event.getState() == AnomalyState.RESOLVED && m.isOpen()) {
      end(m, event.getWindowEndMs());
    }
    return new Applied(event, m.incident.name, m.openedAtMs, previous, renamed);
  }

  /** Drops an anomaly from the open set (its alert was refused for good). */
  public void forget(String anomalyId) {
    Member m = members.get(anomalyId);
    if (m != null && m.isOpen()) {
      end(m, m.latest.getWindowEndMs());
    }
  }

  /** The open anomalies, in the order they were first seen. */
  public Collection<Open> open() {
    return members.values().stream().filter(Member::isOpen).map(Member::view).toList();
  }

  public int openCount() {
    return members.size() - ended;
  }

  /** The incident an anomaly belongs to now, if the tracker knows it. */
  public Optional<String> incidentOf(String anomalyId) {
    return Optional.ofNullable(members.get(anomalyId)).map(m -> m.incident.name);
  }

  /** Links a new member to every related one that opened close to it; the open ones renamed. */
  private List<Renamed> join(Member m) {
    Set<Incident> linked = new HashSet<>();
    for (Member other : members.values()) {
      if (other != m
          && Math.abs(other.openedAtMs - m.openedAtMs) <= LINK_WINDOW_MS
          && related(other.latest, m.latest)) {
        linked.add(other.incident);
      }
    }
    Incident merged = new Incident(m);
    m.incident = merged;
    Map<Member, String> before = new LinkedHashMap<>();
    for (Incident i : linked) {
      for (Member x : i.members) {
        before.put(x, i.name);
        x.incident = merged;
        merged.members.add(x);
      }
      if (FIRST_OPENED.compare(i.first, merged.first) < 0) {
        merged.first = i.first;
        merged.name = i.name;
      }
    }
    List<Renamed> renamed = new ArrayList<>();
    before.forEach(
        (x, old) -> {
          if (x.isOpen() && !old.equals(merged.name)) {
            renamed.add(new Renamed(x.view(), old));
          }
        });
    renamed.sort(Comparator.comparing(r -> r.now().latest().getAnomalyId()));
    return renamed;
  }

  private void end(Member m, long endedAtMs) {
    m.endedAtMs = endedAtMs;
    ended++;
    prune();
  }

  /** Forgets ended anomalies past their retention (their incident keeps its name). */
  private void prune() {
    long horizon = latestWindowMs - ENDED_RETENTION_MS;
    var it = members.values().iterator();
    while (it.hasNext()) {
      Member x = it.next();
      if (!x.isOpen() && (x.endedAtMs < horizon || ended > MAX_ENDED)) {
        it.remove();
        x.incident.members.remove(x);
        ended--;
      }
    }
  }

  /**
   * e.g. {@code ttft.p99-2026-11-29T19:53Z}: the component, metric and opening minute (UTC) of the
   * incident's first-opened member. Only coordinates every level shares: levels that open in the
   * same window give the same name whichever is read first, so they never rename each other.
   */
  static String newIncident(LatencyAnomaly a) {
    return a.getComponent()
        + "."
        + a.getMetric()
        + "-"
        + MINUTE_FORMAT.format(Instant.ofEpochMilli(a.getWindowStartMs()));
  }

  /** Same component and metric, in groups that share traffic. */
  static boolean related(LatencyAnomaly a, LatencyAnomaly b) {
    return a.getComponent().equals(b.getComponent())
        && a.getMetric().equals(b.getMetric())
        && overlaps(a.getRegion(), b.getRegion())
        && overlaps(a.getTier(), b.getTier())
        && dimensionsAgree(a.getDimensions(), b.getDimensions());
  }

  private static boolean overlaps(String x, String y) {
    return x.equals(y) || "*".equals(x) || "*".equals(y);
  }

  private static boolean dimensionsAgree(Map<String, String> x, Map<String, String> y) {
    for (var e : x.entrySet()) {
      String other = y.get(e.getKey());
      if (other != null && !overlaps(Objects.toString(e.getValue()), other)) {
        return false;
      }
    }
    return true;
  }
}
