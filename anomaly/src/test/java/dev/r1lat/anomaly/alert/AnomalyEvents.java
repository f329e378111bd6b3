package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import java.util.UUID;

/** Anomaly lifecycle events for the alert tests. */
final class AnomalyEvents {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
  static final long MINUTE = 60_000L;

  private AnomalyEvents() {}

  /** A ttft p99 regression event of {@code name}'s anomaly in region/tier at minute {@code m}. */
  static LatencyAnomaly event(String name, AnomalyState state, String region, String tier, int m) {
    return event(name, state, region, tier, "ttft", "p99", m);
  }

  static LatencyAnomaly event(
      String name,
      AnomalyState state,
      String region,
      String tier,
      String component,
      String metric,
      int m) {
    long start = T0 + m * MINUTE;
    return LatencyAnomaly.newBuilder()
        .setAnomalyId(UUID.nameUUIDFromBytes(name.getBytes()).toString())
        .setKind(AnomalyKind.BASELINE_REGRESSION)
        .setState(state)
        .setRegion(region)
        .setTier(tier)
        .setComponent(component)
        .setMetric(metric)
        .setObserved(4100)
        .setBaseline(1200.0)
        .setSeverity(Severity.WARNING)
        .setWindowStartMs(start)
        .setWindowEndMs(start + MINUTE)
        .setDetectedAtMs(start + MINUTE + 5_000)
        .setReason(component + " " + metric + " 4.1 s vs baseline 1.2 s in " + region + "/" + tier)
        .build();
  }
}
