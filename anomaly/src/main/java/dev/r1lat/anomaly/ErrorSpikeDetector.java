package dev.r1lat.anomaly;

import dev.r1lat.anomaly.DetectorConfig.Errors;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;
import java.util.List;

/**
 * The error/timeout rate of a window well above both an absolute floor and a multiple of the
 * group's own rate over the hours before (the last few windows are left out of that baseline so a
 * spike does not raise its own bar), and more errors than that baseline rate explains with {@code
 * anomaly.confidence-z} confidence (Poisson): in a small group a handful of errors is chance. Runs
 * on one component per group: errors are per request.
 */
final class ErrorSpikeDetector implements Detector {
  static final int BASELINE_SKIP = 5;

  /** Fewer requests than this in the baseline and only the absolute floor applies. */
  static final long MIN_BASELINE_REQUESTS = 100;

  private final Errors cfg;
  private final double chance;

  ErrorSpikeDetector(Errors cfg, double confidenceZ) {
    this.cfg = cfg;
    this.chance = Significance.normalTail(confidenceZ);
  }

  @Override
  public List<Verdict> evaluate(SeriesKey key, WindowPoint p, DetectorState state) {
    if (!cfg.enabled() || !key.component().equals(cfg.component())) {
      return List.of();
    }
    CountRing.Totals before = state.counts().sum(BASELINE_SKIP, CountRing.CAPACITY - BASELINE_SKIP);
    double baseRate = before.count() >= MIN_BASELINE_REQUESTS ? before.errorRate() : 0;
    double rate = p.count() == 0 ? 0 : (double) p.errorCount() / p.count();
    String summary =
        "error rate "
            + Reasons.percent(rate)
            + " vs baseline "
            + Reasons.percent(baseRate)
            + " ("
            + p.errorCount()
            + " of "
            + p.count()
            + " requests)";
    double bar = Math.max(cfg.minRate(), cfg.factor() * baseRate);
    // never below one error in the baseline's requests: a clean history is not a zero rate
    double expectedRate = Math.max(baseRate, 1.0 / Math.max(1, before.count()));
    if (p.count() < cfg.minErrors()) {
      // a window that could not show a spike even if there were one is no data, not a recovery
      return List.of(Verdict.noData(AnomalyKind.ERROR_SPIKE, "error_rate", rate, summary));
    }
    boolean bad =
        p.errorCount() >= cfg.minErrors()
            && rate >= bar
            && Significance.upperTail(p.errorCount(), p.count() * expectedRate) <= chance;
    if (!bad) {
      return List.of(Verdict.good(AnomalyKind.ERROR_SPIKE, "error_rate", rate, baseRate, summary));
    }
    Severity severity = rate >= 0.25 ? Severity.CRITICAL : Severity.WARNING;
    return List.of(
        new Verdict(
            AnomalyKind.ERROR_SPIKE,
            "error_rate",
            true,
            false,
            severity,
            rate,
            baseRate,
            rate / Math.max(bar, 1e-9),
            summary));
  }
}
