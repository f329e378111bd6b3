package dev.r1lat.anomaly;

import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Everything the detector is tuned by, immutable. Built from {@link Settings} ({@link #KEYS}: each
 * with a default and a one-line description) or with {@link #defaults()}; history lengths are in
 * windows (points), because robust statistics need a number of points, whatever their spacing.
 */
public record DetectorConfig(
    long windowMs,
    Lifecycle lifecycle,
    Baseline baseline,
    Errors errors,
    Traffic traffic,
    Burn burn,
    LatencySlos slo) {

  /** Hysteresis and pacing shared by every kind. */
  public record Lifecycle(int openAfter, int openWindow, int resolveAfter, long updateIntervalMs) {
    public Lifecycle {
      if (openAfter < 1 || openWindow < openAfter || openWindow > 32 || resolveAfter < 1) {
        throw new IllegalArgumentException(
            "need 1 <= open-after <= open-window <= 32 and resolve-after >= 1");
      }
    }
  }

  /** Which side of the baseline is anomalous: latency only matters when it goes up. */
  public enum Direction {
    UP,
    BOTH
  }

  /** How values are mapped before robust statistics: log for latency (ratios are what matter). */
  public enum Transform {
    LOG,
    LINEAR
  }

  public record Baseline(
      List<String> metrics,
      int history,
      int warmup,
      double zThreshold,
      double minChange,
      long minCount,
      Direction direction,
      Transform transform,
      int adaptAfter,
      boolean seasonality,
      boolean weekly,
      double confidenceZ) {
    public Baseline {
      metrics = List.copyOf(metrics);
      if (history < 8 || warmup < 8 || warmup > history) {
        throw new IllegalArgumentException("need 8 <= baseline warm-up <= baseline history");
      }
    }

    public Baseline with(
        Direction d, Transform t, List<String> m, double change, long minCnt, int points) {
      return new Baseline(
          m,
          points,
          warmup,
          zThreshold,
          change,
          minCnt,
          d,
          t,
          adaptAfter,
          seasonality,
          weekly,
          confidenceZ);
    }

    /** The same with the weekly profile on or off. */
    public Baseline withWeekly(boolean on) {
      return new Baseline(
          metrics,
          history,
          warmup,
          zThreshold,
          minChange,
          minCount,
          direction,
          transform,
          adaptAfter,
          seasonality,
          on,
          confidenceZ);
    }
  }

  public record Errors(
      boolean enabled, String component, double minRate, double factor, long minErrors) {}

  public record Traffic(
      boolean enabled, String component, double dropFraction, double minBaseline) {}

  /**
   * Burn-rate alerts on the components whose SLO is an alerting objective. The stats carry an
   * over-SLO count for every component (goodput accounting), but a threshold such as "e2e within 60
   * s" is a reporting line for a reasoning model, not a promise: paging on it would page all day.
   */
  public record Burn(boolean enabled, double sloTarget, List<String> components) {
    public Burn {
      components = List.copyOf(components);
    }

    boolean covers(String component) {
      return enabled && components.contains(component);
    }
  }

  public static final ConfigKey<Duration> WINDOW =
      ConfigKey.duration("anomaly.window", "1m", "length of one stats window the detector reads");
  public static final ConfigKey<Integer> OPEN_AFTER =
      ConfigKey.integer("anomaly.open-after", 2, "bad windows (out of open-window) that open");
  public static final ConfigKey<Integer> OPEN_WINDOW =
      ConfigKey.integer("anomaly.open-window", 3, "last windows looked at to open an anomaly");
  public static final ConfigKey<Integer> RESOLVE_AFTER =
      ConfigKey.integer("anomaly.resolve-after", 3, "consecutive good windows that resolve");
  public static final ConfigKey<Duration> UPDATE_INTERVAL =
      ConfigKey.duration("anomaly.update-interval", "5m", "at most one UPDATE per this interval");
  public static final ConfigKey<String> BASELINE_METRICS =
      ConfigKey.string("anomaly.baseline.metrics", "p50,p99", "percentiles watched for regression");
  public static final ConfigKey<Integer> BASELINE_HISTORY =
      ConfigKey.integer(
          "anomaly.baseline.history",
          240,
          "windows in the rolling robust baseline (4 h: a creep slower than that hides in it)");
  public static final ConfigKey<Integer> BASELINE_WARMUP =
      ConfigKey.integer("anomaly.baseline.warmup", 60, "windows of history before it may fire");
  public static final ConfigKey<Double> BASELINE_Z =
      ConfigKey.decimal("anomaly.baseline.z", 5.0, "robust z (0.6745*(x-median)/MAD) that is bad");
  public static final ConfigKey<Double> BASELINE_MIN_CHANGE =
      ConfigKey.decimal(
          "anomaly.baseline.min-change", 0.25, "smallest relative change that is bad");
  public static final ConfigKey<Long> BASELINE_MIN_COUNT =
      ConfigKey.longValue("anomaly.baseline.min-count", 20, "requests a window needs to be scored");
  public static final ConfigKey<String> BASELINE_DIRECTION =
      ConfigKey.string("anomaly.baseline.direction", "up", "up (latency) or both");
  public static final ConfigKey<Integer> BASELINE_ADAPT_AFTER =
      ConfigKey.integer(
          "anomaly.baseline.adapt-after", 180, "bad windows before a level is normal");
  public static final ConfigKey<Boolean> BASELINE_SEASONALITY =
      ConfigKey.bool("anomaly.baseline.seasonality", true, "use a daily profile after 2 days");
  public static final ConfigKey<Boolean> BASELINE_WEEKLY =
      ConfigKey.bool(
          "anomaly.baseline.weekly",
          false,
          "keep an hour-of-week profile (about 2 KB of state per metric) and judge a strongly"
              + " weekly series against it after 2 weeks (always on for detect --csv and NAB)");
  public static final ConfigKey<Double> CONFIDENCE_Z =
      ConfigKey.decimal(
          "anomaly.confidence-z",
          3.0,
          "percentiles are judged at the lower end of their rank's confidence interval, this many"
              + " standard errors down (0 = the percentile itself)");
  public static final ConfigKey<String> COUNT_COMPONENT =
      ConfigKey.string(
          "anomaly.count-component", "e2e", "the component whose counts show errors and traffic");
  public static final ConfigKey<Double> ERROR_MIN_RATE =
      ConfigKey.decimal("anomaly.errors.min-rate", 0.05, "error rate below this is never a spike");
  public static final ConfigKey<Double> ERROR_FACTOR =
      ConfigKey.decimal("anomaly.errors.factor", 3.0, "spike = rate above factor x baseline rate");
  public static final ConfigKey<Long> ERROR_MIN_ERRORS =
      ConfigKey.longValue("anomaly.errors.min-errors", 5, "errors a window needs to be a spike");
  public static final ConfigKey<Double> TRAFFIC_DROP =
      ConfigKey.decimal("anomaly.traffic.drop-fraction", 0.3, "drop = count below this x baseline");
  public static final ConfigKey<Double> TRAFFIC_MIN_BASELINE =
      ConfigKey.decimal("anomaly.traffic.min-baseline", 20, "requests/window a group needs first");
  public static final ConfigKey<String> BURN_COMPONENTS =
      ConfigKey.string(
          "anomaly.burn.components",
          "ttft",
          "components whose SLO (slo.*) burn-rate alerts page on (comma list; empty = off)");

  public static final List<ConfigKey<?>> KEYS =
      Stream.concat(
              Stream.<ConfigKey<?>>of(
                  WINDOW,
                  OPEN_AFTER,
                  OPEN_WINDOW,
                  RESOLVE_AFTER,
                  UPDATE_INTERVAL,
                  BASELINE_METRICS,
                  BASELINE_HISTORY,
                  BASELINE_WARMUP,
                  BASELINE_Z,
                  BASELINE_MIN_CHANGE,
                  BASELINE_MIN_COUNT,
                  BASELINE_DIRECTION,
                  BASELINE_ADAPT_AFTER,
                  BASELINE_SEASONALITY,
                  BASELINE_WEEKLY,
                  CONFIDENCE_Z,
                  COUNT_COMPONENT,
                  ERROR_MIN_RATE,
                  ERROR_FACTOR,
                  ERROR_MIN_ERRORS,
                  TRAFFIC_DROP,
                  TRAFFIC_MIN_BASELINE,
                  BURN_COMPONENTS),
              LatencySlos.KEYS.stream())
          .toList();

  /**
   * History of a plain series, in points. The stream's history is set in 1-minute windows (4 h); a
   * replayed series' points are of any spacing (NAB's are 5 minutes, where 240 points would be 20
   * h), so replay keeps the 120 points it always had.
   */
  static final int PLAIN_SERIES_HISTORY = 120;

  public static DetectorConfig defaults() {
    return from(Settings.defaults(KEYS));
  }

  public static DetectorConfig from(Settings s) {
    LatencySlos slo = LatencySlos.from(s);
    List<String> burnOn = csv(s.get(BURN_COMPONENTS));
    return new DetectorConfig(
        s.get(WINDOW).toMillis(),
        new Lifecycle(
            s.get(OPEN_AFTER),
            s.get(OPEN_WINDOW),
            s.get(RESOLVE_AFTER),
            s.get(UPDATE_INTERVAL).toMillis()),
        new Baseline(
            csv(s.get(BASELINE_METRICS)),
            s.get(BASELINE_HISTORY),
            s.get(BASELINE_WARMUP),
            s.get(BASELINE_Z),
            s.get(BASELINE_MIN_CHANGE),
            s.get(BASELINE_MIN_COUNT),
            Direction.valueOf(s.get(BASELINE_DIRECTION).toUpperCase(Locale.ROOT)),
            Transform.LOG,
            s.get(BASELINE_ADAPT_AFTER),
            s.get(BASELINE_SEASONALITY),
            s.get(BASELINE_WEEKLY),
            s.get(CONFIDENCE_Z)),
        new Errors(
            true,
            s.get(COUNT_COMPONENT),
            s.get(ERROR_MIN_RATE),
            s.get(ERROR_FACTOR),
            s.get(ERROR_MIN_ERRORS)),
        new Traffic(true, s.get(COUNT_COMPONENT), s.get(TRAFFIC_DROP), s.get(TRAFFIC_MIN_BASELINE)),
        new Burn(!burnOn.isEmpty(), slo.target(), burnOn),
        slo);
  }

  /**
   * The same baseline detector for a plain value series (offline replay): one value per point, no
   * request counts, so only baseline regression runs; a generic series is anomalous either way. An
   * anomaly opens on its first bad point: the k-of-m hysteresis protects a pager from noisy
   * 1-minute aggregates, while a replayed point is judged alone and a late detection costs more
   * than a false one (NAB's costs are 1 for a miss, 0.11 for a false positive). The history is
   * {@link #PLAIN_SERIES_HISTORY} points.
   */
  public DetectorConfig forPlainSeries(long spacingMs, Transform transform) {
    return new DetectorConfig(
        spacingMs,
        new Lifecycle(1, 1, lifecycle.resolveAfter(), lifecycle.updateIntervalMs()),
        baseline
            .with(
                Direction.BOTH,
                transform,
                List.of("p50"),
                0.0,
                0,
                Math.max(baseline.warmup(), PLAIN_SERIES_HISTORY))
            .withWeekly(true),
        new Errors(
            false, errors.component(), errors.minRate(), errors.factor(), errors.minErrors()),
        new Traffic(false, traffic.component(), traffic.dropFraction(), traffic.minBaseline()),
        new Burn(false, burn.sloTarget(), burn.components()),
        LatencySlos.none());
  }

  private static List<String> csv(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  /** The same configuration with another baseline (e.g. the weekly profile switched on). */
  public DetectorConfig withBaseline(Baseline b) {
    return new DetectorConfig(windowMs, lifecycle, b, errors, traffic, burn, slo);
  }
}
