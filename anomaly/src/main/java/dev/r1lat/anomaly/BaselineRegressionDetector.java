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
 * too few requests is not scored (its p99 is noise).
 */
final class BaselineRegressionDetector implements Detector {
  /** A deviation this many times the threshold opens at once instead of waiting for more. */
  static final double EXTREME_FACTOR = 2.0;

  /**
   * A level the series reached in this many of the last 24 hours is ordinary for it: it keeps an
   * open anomaly open but opens none. Three separate hours: a burst that recurs, or a shift that
   * has lasted hours, not one earlier incident (which must still alert when it comes back).
   */
  static final int ORDINARY_HOURS = 3;

  /** ... and so is one it reached on this many of the last 7 days. */
  static final int ORDINARY_DAYS = 3;

  /**
   * An excursion up to this many times one the series makes hour after hour is of the same kind
   * (bursts of the same order); a level reached day after day is ordinary only up to itself.
   */
  static final double HOUR_FACTOR = 2.0;

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
   * Whether an excursion to {@code y} from the expected level {@code e} is at most HOUR_FACTOR
   * times one the series made hour after hour (in ORDINARY_HOURS of the last 24), or at most one it
   * made day after day (in ORDINARY_DAYS of the last 7).
   */
  private static boolean ordinary(boolean up, double y, double e, RobustBaseline b, long t) {
    double excess = up ? y - e : e - y;
    double hourly =
        up
            ? b.hours().reachedHigh(ORDINARY_HOURS, t) - e
            : e - b.hours().reachedLow(ORDINARY_HOURS, t);
    double daily =
        up ? b.days().reachedHigh(ORDINARY_DAYS, t) - e : e - b.days().reachedLow(ORDINARY_DAYS, t);
    return excess <= Math.max(HOUR_FACTOR * Math.max(0, hourly), Math.max(0, daily));
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
    // the excursion compared with those the series ordinarily makes, before this point joins them
    long t = p.windowStartMs();
    boolean ordinary =
        s.z() > 0
            ? ordinary(true, lb, s.expected(), baseline, t)
            : ordinary(false, ub, s.expected(), baseline, t);
    baseline.hours().add(lb, ub, t);
    baseline.days().add(lb, ub, t);
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
    return ordinary ? v.ordinary() : v;
  }
}
