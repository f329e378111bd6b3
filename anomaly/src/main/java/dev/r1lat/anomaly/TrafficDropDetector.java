package dev.r1lat.anomaly;

import dev.r1lat.anomaly.DetectorConfig.Traffic;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;
import java.util.List;

/**
 * A group that normally has traffic goes silent or falls sharply: the window's request count below
 * a fraction of the median count of the hours before (the last few windows left out, so a drop is
 * compared with traffic from before it), and fewer than chance explains with {@code
 * anomaly.confidence-z} confidence (Poisson). Needs the streams app to report silent windows too.
 */
final class TrafficDropDetector implements Detector {
  static final int BASELINE_SKIP = 5;
  static final int WARMUP_WINDOWS = 30;

  private final Traffic cfg;
  private final double chance;

  TrafficDropDetector(Traffic cfg, double confidenceZ) {
    this.cfg = cfg;
    this.chance = Significance.normalTail(confidenceZ);
  }

  @Override
  public List<Verdict> evaluate(SeriesKey key, WindowPoint p, DetectorState state) {
    if (!cfg.enabled() || !key.component().equals(cfg.component())) {
      return List.of();
    }
    CountRing counts = state.counts();
    boolean warm = counts.span() >= WARMUP_WINDOWS + BASELINE_SKIP;
    double base = counts.medianCount(BASELINE_SKIP, CountRing.CAPACITY - BASELINE_SKIP);
    long observed = p.count();
    String summary =
        "traffic "
            + observed
            + " requests/window vs baseline "
            + Reasons.number(base)
            + " ("
            + Reasons.change(observed, base)
            + ")";
    boolean bad =
        warm
            && base >= cfg.minBaseline()
            && observed <= cfg.dropFraction() * base
            && Significance.lowerTail(observed, base) <= chance;
    if (!bad) {
      return List.of(Verdict.good(AnomalyKind.TRAFFIC_DROP, "count", observed, base, summary));
    }
    Severity severity = observed == 0 ? Severity.CRITICAL : Severity.WARNING;
    return List.of(
        new Verdict(
            AnomalyKind.TRAFFIC_DROP,
            "count",
            true,
            false,
            severity,
            observed,
            base,
            base / Math.max(observed, 1),
            summary));
  }
}
