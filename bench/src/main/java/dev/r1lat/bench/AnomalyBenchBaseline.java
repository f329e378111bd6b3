package dev.r1lat.bench;

import dev.r1lat.anomaly.nab.EwmaZBaseline;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The same-run baseline of {@code bench anomalies --simulate}: the textbook EWMA z-score detector
 * of the NAB mode ({@link EwmaZBaseline}: |z| > 4 after 30 points, one flag per onset) on the log
 * p50 and log p99 of every series the topology publishes, fed the same final statistics as the real
 * detector. Each onset is reported as an OPEN anomaly so one matcher scores both.
 */
final class AnomalyBenchBaseline implements Consumer<LatencyWindowStats> {
  static final List<String> METRICS = List.of("p50", "p99");

  private final Map<String, EwmaZBaseline> series = new HashMap<>();
  private final List<LatencyAnomaly> openings = new ArrayList<>();

  @Override
  public void accept(LatencyWindowStats s) {
    if (s.getCount() == 0) {
      return;
    }
    for (String metric : METRICS) {
      double v = metric.equals("p50") ? s.getP50() : s.getP99();
      if (!(v > 0)) {
        continue;
      }
      String key = s.getRegion() + "/" + s.getTier() + "#" + s.getComponent() + ":" + metric;
      if (series.computeIfAbsent(key, k -> new EwmaZBaseline()).next(Math.log(v))) {
        openings.add(opening(s, metric, v));
      }
    }
  }

  List<LatencyAnomaly> openings() {
    return List.copyOf(openings);
  }

  private static LatencyAnomaly opening(LatencyWindowStats s, String metric, double value) {
    return LatencyAnomaly.newBuilder()
        .setAnomalyId("ewma-z/" + s.getRegion() + "/" + s.getTier() + "/" + s.getComponent())
        .setKind(AnomalyKind.BASELINE_REGRESSION)
        .setState(AnomalyState.OPEN)
        .setRegion(s.getRegion())
        .setTier(s.getTier())
        .setDimensions(s.getDimensions())
        .setComponent(s.getComponent())
        .setMetric(metric)
        .setObserved(value)
        .setSeverity(Severity.WARNING)
        .setWindowStartMs(s.getWindowStartMs())
        .setWindowEndMs(s.getWindowEndMs())
        .setDetectedAtMs(s.getWindowEndMs())
        .setReason(
            String.format(
                Locale.ROOT, "ewma-z: %s %s %.0f ms out of band", s.getComponent(), metric, value))
        .build();
  }
}
