package dev.r1lat.anomaly;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;
import java.util.List;

/**
 * A window whose SLO percentile ({@link LatencySlos#percentile()}, p99 for a 0.99 target) is above
 * the per-request threshold of the series' tier class, with confidence (see {@link
 * WindowPoint#lowerBound}): more than the allowed share of the window's requests missed the SLO. A
 * series rolled up over tiers (tier {@code *}) is held to the {@code *} class.
 */
final class SloBreachDetector implements Detector {
  private final LatencySlos slos;
  private final long minCount;
  private final double confidenceZ;

  SloBreachDetector(LatencySlos slos, long minCount, double confidenceZ) {
    this.slos = slos;
    this.minCount = Math.max(1, minCount);
    this.confidenceZ = confidenceZ;
  }

  @Override
  public List<Verdict> evaluate(SeriesKey key, WindowPoint p, DetectorState state) {
    double max = slos.thresholdMs(key.tier(), key.component());
    if (Double.isNaN(max)) {
      return List.of();
    }
    String metric = slos.percentile();
    double value = p.metric(metric);
    String summary =
        key.component()
            + " "
            + metric
            + " "
            + Reasons.latency(value)
            + " above SLO "
            + Reasons.latency(max)
            + " ("
            + Reasons.change(value, max)
            + ")";
    if (p.count() < minCount || !Double.isFinite(value)) {
      // too few requests to say either way (or none succeeded): no data, not a recovery
      return List.of(Verdict.noData(AnomalyKind.SLO_BREACH, metric, value, summary));
    }
    // a breach is called only when the percentile is surely above the limit: a p99 of a few
    // dozen requests near the limit is on either side of it by chance
    if (!(p.lowerBound(metric, confidenceZ) > max)) {
      return List.of(Verdict.good(AnomalyKind.SLO_BREACH, metric, value, max, summary));
    }
    Severity severity = value >= 2 * max ? Severity.CRITICAL : Severity.WARNING;
    return List.of(
        new Verdict(
            AnomalyKind.SLO_BREACH,
            metric,
            true,
            false,
            severity,
            value,
            max,
            value / max,
            summary));
  }
}
