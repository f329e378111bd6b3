package dev.r1lat.anomaly;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * A percentile above the absolute limit configured for the series' tier and component, with
 * confidence (see {@link WindowPoint#lowerBound}).
 */
final class SloBreachDetector implements Detector {
  private final PercentileSloLimits thresholds;
  private final long minCount;
  private final double confidenceZ;

  SloBreachDetector(PercentileSloLimits thresholds, long minCount, double confidenceZ) {
    this.thresholds = thresholds;
    this.minCount = Math.max(1, minCount);
    this.confidenceZ = confidenceZ;
  }

  @Override
  public List<Verdict> evaluate(SeriesKey key, WindowPoint p, DetectorState state) {
    List<Verdict> out = new ArrayList<>();
    for (PercentileSloLimits.Limit limit : thresholds.forSeries(key.tier(), key.component())) {
      double value = p.metric(limit.metric());
      double max = limit.thresholdMs();
      String summary =
          key.component()
              + " "
              + limit.metric()
              + " "
              + Reasons.latency(value)
              + " above SLO "
              + Reasons.latency(max)
              + " ("
              + Reasons.change(value, max)
              + ")";
      // a breach is called only when the percentile is surely above the limit: a p99 of a few
      // dozen requests near the limit is on either side of it by chance
      double sure = p.lowerBound(limit.metric(), confidenceZ);
      if (p.count() < minCount || !Double.isFinite(value)) {
        // too few requests to say either way: no data, not a recovery
        out.add(Verdict.noData(AnomalyKind.SLO_BREACH, limit.metric(), value, summary));
        continue;
      }
      boolean bad = sure > max;
      if (!bad) {
        out.add(Verdict.good(AnomalyKind.SLO_BREACH, limit.metric(), value, max, summary));
        continue;
      }
      Severity severity = value >= 2 * max ? Severity.CRITICAL : Severity.WARNING;
      out.add(
          new Verdict(
              AnomalyKind.SLO_BREACH,
              limit.metric(),
              true,
              false,
              severity,
              value,
              max,
              value / max,
              summary));
    }
    return out;
  }
}
