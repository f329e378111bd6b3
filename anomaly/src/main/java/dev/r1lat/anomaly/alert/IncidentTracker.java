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
 * <p>Deterministic: the same events in the same order give the same incidents. Not thread-safe.
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

  private final Map<String, Open> open = new LinkedHashMap<>();

  /**
   * Applies one lifecycle event. An UPDATE or RESOLVED of an anomaly not seen open (its OPEN was
   * filtered out or is older than the topic's retention) is taken as if it opened then.
   */
  public Applied apply(LatencyAnomaly event) {
    String id = event.getAnomalyId();
    Open before = open.get(id);
    String incident = before != null ? before.incident() : incidentFor(event);
    long openedAt = before != null ? before.openedAtMs() : event.getWindowStartMs();
    if (event.getState() == AnomalyState.RESOLVED) {
      open.remove(id);
    } else {
      open.put(id, new Open(event, openedAt, incident));
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
    return open.values().stream()
        .filter(o -> related(o.latest(), event))
        .min(Comparator.comparingLong(Open::openedAtMs).thenComparing(Open::incident))
        .map(Open::incident)
        .orElseGet(() -> newIncident(event));
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
