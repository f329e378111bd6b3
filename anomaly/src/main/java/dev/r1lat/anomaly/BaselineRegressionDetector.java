package dev.r1lat.anomaly;

import dev.r1lat.anomaly.DetectorConfig.Baseline;
import dev.r1lat.anomaly.DetectorConfig.Direction;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * A percentile far from the series' own recent baseline: robust z of the (log) value against the
 * median and MAD of the recent normal points (and the daily profile once two days are seen), plus a
 * smallest relative change so a very steady series does not alert on a few percent. A window with
 * too few requests is no data (its p99 is noise). A bad window opens an anomaly only when its
 * excursion is novel for the series ({@link Excursions}): the robust history keeps anomalous points
 * out, so without this a burst the series makes every hour would open every hour.
 */
final class BaselineRegressionDetector implements Detector {
  /** A deviation this many times the threshold opens at once instead of waiting for more. */
  static final double EXTREME_FACTOR = 2.0;

  private final Baseline cfg;
  private final long stepMs;

  BaselineRegressionDetector(Baseline cfg, long stepMs) {
    this.cfg = cfg;
    this.stepMs = stepMs;
  }

  @Override
  public List<Verdict> evaluate(SeriesKey key, WindowPoint p, DetectorState state) {
    List<Verdict> out = new ArrayList<>(cfg.metrics().size());
    for (String metric : cfg.metrics()) {
      out.add(evaluate(key, p, state, metric));
    }
    return out;
  }

  /**
   * Whether this window's excursion (its point, or the level held over the last windows when that
   * level is itself unusual) is beyond what the series ordinarily reaches; then the window joins
   * what it reaches. See {@link Excursions}.
   */
  private boolean novel(
      Excursions x, RobustBaseline.Score s, double lb, double ub, long t, double offset) {
    boolean up = s.z() > 0;
    double e = s.expected() - offset;
    double level = up ? x.heldAbove(lb - offset) : x.heldBelow(ub - offset);
    double levelValue = level + offset;
    boolean levelUnusual =
        Math.abs(s.zOf(levelValue)) >= cfg.zThreshold()
            && Math.abs(RobustBaseline.change(levelValue, s.expected(), cfg.transform()))
                >= cfg.minChange()
            && (s.zOf(levelValue) > 0) == up;
    boolean novel =
        !x.ordinaryPoint(up, (up ? lb : ub) - offset, e, t)
            || levelUnusual && !x.ordinaryLevel(up, level, e, t);
    x.add(lb - offset, ub - offset, t);
    return novel;
  }

  /**
   * Novelty on the values, and for a series judged against its weekly profile on the residuals from
   * it (both fed every point, so each knows what its series ordinarily does).
   */
  private boolean novel(
      RobustBaseline baseline, RobustBaseline.Score s, double lb, double ub, long t) {
    boolean novel = novel(baseline.excursions(), s, lb, ub, t, 0);
    WeeklyProfile w = baseline.weekly(cfg);
    if (w != null && w.ready(t, stepMs)) {
      boolean residual = novel(w.residuals(), s, lb, ub, t, w.level(t));
      return s.weekly() ? residual : novel;
    }
    return novel;
  }

  private Verdict evaluate(SeriesKey key, WindowPoint p, DetectorState state, String metric) {
    AnomalyKind kind = AnomalyKind.BASELINE_REGRESSION;
    double value = p.metric(metric);
    if (p.count() < Math.max(1, cfg.minCount()) || !Double.isFinite(value) || value < 0) {
      return Verdict.noData(kind, metric, value, "too few requests to score");
    }
    // Judged on the confidence interval of the percentile at this window's request count: up is
    // what it surely is above, down what it surely is below; learned as what it surely stays below
    // (up) or above (down) in normal windows. A difference must hold at both ends.
    double z = cfg.confidenceZ();
    double ub = RobustBaseline.transform(p.upperBound(metric, z), cfg.transform());
    double lb = RobustBaseline.transform(p.lowerBound(metric, z), cfg.transform());
    RobustBaseline baseline = state.baseline(metric, cfg.history());
    RobustBaseline.Score s = baseline.score(lb, p.windowStartMs(), cfg, stepMs);
    double expected = RobustBaseline.inverse(s.expected(), cfg.transform());
    boolean unusual =
        s.ready() && Math.abs(s.z()) >= cfg.zThreshold() && Math.abs(s.change()) >= cfg.minChange();
    boolean novel = novel(baseline, s, lb, ub, p.windowStartMs());
    baseline.learn(ub, p.windowStartMs(), unusual, s.offSeason(), cfg, stepMs);
    boolean bad = unusual && (cfg.direction() == Direction.BOTH || s.z() > 0);
    String summary =
        key.component()
            + " "
            + metric
            + " "
            + Reasons.latency(value)
            + " vs baseline "
            + Reasons.latency(expected)
            + " ("
            + Reasons.change(value, expected)
            + ")";
    if (!bad) {
      return Verdict.good(kind, metric, value, expected, summary);
    }
    boolean extreme = Math.abs(s.z()) >= EXTREME_FACTOR * cfg.zThreshold();
    Severity severity = s.change() >= 2.0 ? Severity.CRITICAL : Severity.WARNING;
    Verdict v =
        new Verdict(
            kind, metric, true, extreme, severity, value, expected, Math.abs(s.z()), summary);
    return novel ? v : v.ordinary();
  }
}
