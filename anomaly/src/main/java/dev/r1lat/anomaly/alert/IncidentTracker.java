package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The open anomalies, from their lifecycle events, and the incident each belongs to.
 *
 * <p>One fault is seen at several group levels: a slower us-east/H100 also moves us-east/&#42;,
 * &#42;/H100 and &#42;/&#42;. Each level is its own anomaly (own id, own lifecycle), but they are
 * one incident. An anomaly joins an incident when, at the moment it opens, an anomaly of that
 * incident is open on the same component and metric in an overlapping group: two groups overlap
 * when they share traffic, i.e. on region and on tier each is equal or one of them is {@code *}
 * (and further dimensions agree where both have them) — ancestors, descendants, and the (region,
 * all) / (all, tier) pair. If several incidents qualify it joins the one opened first (then the
 * smallest id); otherwise it starts its own, named after its component, metric and id. The kind
 * does not matter: an SLO breach and a baseline regression of one p99 are one incident. An anomaly
 * keeps its incident for its whole lifecycle (the label must not change under Alertmanager), and an
 * incident lasts while any of its anomalies is open.
 *
 * <p>Overlap is judged in event time (windows), not in the order events are read: the group levels
 * of one fault are keyed apart and land on different partitions, and a forwarder catching up on a
 * backlog may read one level's whole lifecycle before the next level's opening. An anomaly that
 * ended is therefore kept for {@link #ENDED_RETENTION_MS} of event time. Deterministic: the same
 * events in the same order give the same incidents; which member names the incident depends on the
 * order (the forwarder reads in detection-time order, see {@link TimeOrder}). Not thread-safe.
 */
public final class IncidentTracker {
  /** An open anomaly: its latest event, the window it opened in (as first seen), its incident. */
  public record Open(LatencyAnomaly latest, long openedAtMs, String incident) {}

  /**
   * What one event did: the event, its incident, the window its anomaly opened in, and the
   * anomaly's previous event if it was open before (null for an opening).
   */
  public record Applied(
      LatencyAnomaly event, String incident, long openedAtMs, LatencyAnomaly previous) {}

  /** How long (event time) an ended anomaly can still gather late-read members of its incident. */
  static final long ENDED_RETENTION_MS = 6 * 3_600_000L;

  private static final int MAX_ENDED = 10_000;

  /** An ended anomaly, kept for a while: the end of its last window. */
  private record Ended(Open member, long endedAtMs) {}

  private final Map<String, Open> open = new LinkedHashMap<>();
  private final Map<String, Ended> ended = new LinkedHashMap<>();
  private long latestWindowMs = Long.MIN_VALUE;

  /**
   * Applies one lifecycle event. An UPDATE or RESOLVED of an anomaly not seen open (its OPEN was
   * filtered out or is older than the topic's retention) is taken as if it opened then.
   */
  public Applied apply(LatencyAnomaly event) {
    String id = event.getAnomalyId();
    latestWindowMs = Math.max(latestWindowMs, event.getWindowStartMs());
    Open before = open.get(id);
    String incident = before != null ? before.incident() : incidentFor(event);
    long openedAt = before != null ? before.openedAtMs() : event.getWindowStartMs();
    Open now = new Open(event, openedAt, incident);
    if (event.getState() == AnomalyState.RESOLVED) {
      open.remove(id);
      ended.put(id, new Ended(now, event.getWindowEndMs()));
      prune();
    } else {
      open.put(id, now);
    }
    return new Applied(event, incident, openedAt, before == null ? null : before.latest());
  }

  /** Drops an anomaly from the open set (its alert was refused for good). */
  public void forget(String anomalyId) {
    open.remove(anomalyId);
  }

  /** The open anomalies, in the order they opened. */
  public Collection<Open> open() {
    return List.copyOf(open.values());
  }

  public int openCount() {
    return open.size();
  }

  private String incidentFor(LatencyAnomaly event) {
    long opening = event.getWindowStartMs();
    return java.util.stream.Stream.concat(
            open.values().stream(),
            ended.values().stream().filter(e -> e.endedAtMs() > opening).map(Ended::member))
        .filter(o -> related(o.latest(), event))
        .min(Comparator.comparingLong(Open::openedAtMs).thenComparing(Open::incident))
        .map(Open::incident)
        .orElseGet(() -> newIncident(event));
  }

  private void prune() {
    long horizon = latestWindowMs - ENDED_RETENTION_MS;
    ended.values().removeIf(e -> e.endedAtMs() < horizon);
    var oldest = ended.keySet().iterator();
    while (ended.size() > MAX_ENDED && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  /** e.g. {@code ttft.p99-3dd3b104a374}: readable in a route, unique by the anomaly id. */
  static String newIncident(LatencyAnomaly a) {
    String hex = a.getAnomalyId().replace("-", "");
    return a.getComponent()
        + "."
        + a.getMetric()
        + "-"
        + hex.substring(0, Math.min(12, hex.length()));
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
