package dev.r1lat.anomaly;

import dev.r1lat.anomaly.DetectorConfig.Baseline;
import dev.r1lat.anomaly.DetectorConfig.Transform;
import java.util.Arrays;

/**
 * The recent normal level of one metric of one series, in transformed units (log for latency): a
 * rolling window of the last {@code history} normal points (median and MAD, robust to the outliers
 * it is looking for) plus, once two days are seen, a daily profile of 24 hourly EWMA levels.
 *
 * <p>Points judged anomalous are kept out of the history so an ongoing regression does not become
 * its own baseline, until it has lasted {@code adaptAfter} points: then it is the new normal. The
 * daily profile keeps out only what is unusual for its own hour once it is ready: before that it
 * learns every point, or a daily shape the recent history calls anomalous (a level that rises
 * sharply at the same time every day) would be kept out of the very profile meant to learn it, and
 * alert every day.
 */
final class RobustBaseline {
  static final int HOURS = 24;
  private static final long HOUR_MS = 3_600_000L;
  private static final long TWO_DAYS_MS = 2 * 24 * HOUR_MS;

  private float[] ring;
  private int size;
  private int head;
  private final float[] seasonLevel = new float[HOURS];
  private final float[] seasonAbsDev = new float[HOURS];
  private final int[] seasonN = new int[HOURS];
  private long firstMs = Long.MIN_VALUE;
  private int excludedRun;
  private int offSeasonRun;
  private final Excursions excursions = new Excursions();
  private WeeklyProfile weekly; // only with cfg.weekly(): about 2 KB of state
  private double recentSigma = Double.NaN; // of the last score(), for learn(): not state

  RobustBaseline(int capacity) {
    ring = new float[capacity];
  }

  /**
   * How a value compares with the baseline. z is 0 while not ready. offSeason: the daily profile is
   * ready and the value is at least the threshold away from its hour's level.
   */
  record Score(
      boolean ready,
      double z,
      double expected,
      double change,
      boolean offSeason,
      double sigma,
      boolean weekly) {
    Score(boolean ready, double z, double expected, double change, double sigma) {
      this(ready, z, expected, change, false, sigma, false);
    }

    Score(
        boolean ready, double z, double expected, double change, boolean offSeason, double sigma) {
      this(ready, z, expected, change, offSeason, sigma, false);
    }

    /** The z of another value against the same expected level and spread. */
    double zOf(double y) {
      return ready && sigma > 0 ? (y - expected) / sigma : 0;
    }
  }

  static double transform(double v, Transform t) {
    return t == Transform.LOG ? Math.log(Math.max(v, 1e-6)) : v;
  }

  static double inverse(double y, Transform t) {
    return t == Transform.LOG ? Math.exp(y) : y;
  }

  Score score(double y, long tMs, Baseline cfg, long stepMs) {
    recentSigma = Double.NaN;
    if (size < cfg.warmup()) {
      return new Score(false, 0, size == 0 ? Double.NaN : median(), 0, Double.NaN);
    }
    float[] sorted = Arrays.copyOf(ring, size);
    Arrays.sort(sorted);
    double median = medianOf(sorted);
    double[] dev = new double[size];
    double sumDev = 0;
    for (int i = 0; i < size; i++) {
      dev[i] = Math.abs(sorted[i] - median);
      sumDev += dev[i];
    }
    Arrays.sort(dev);
    double mad = dev.length % 2 == 1 ? dev[size / 2] : (dev[size / 2 - 1] + dev[size / 2]) / 2;
    // 1.4826*MAD and 1.2533*mean|dev| both estimate sigma on normal data; on quantized data MAD
    // collapses to 0, so half the mean absolute deviation is the floor (it never binds otherwise).
    double floor = floor(cfg, median);
    double sigma = Math.max(Math.max(1.4826 * mad, 0.5 * 1.2533 * sumDev / size), floor);
    recentSigma = sigma;
    if (weekly != null && weekly.ready(tMs, stepMs) && weekly.strong(stepMs)) {
      // a strongly weekly series: its recent level swings with the week, its hour of the week not
      double level = weekly.level(tMs);
      double sw = weekly.sigma(tMs, floor);
      double zw = (y - level) / sw;
      return new Score(
          true,
          zw,
          level,
          change(y, level, cfg.transform()),
          Math.abs(zw) >= cfg.zThreshold(),
          sw,
          true);
    }
    double zPlain = (y - median) / sigma;
    int hour = hourOf(tMs);
    if (!cfg.seasonality() || !seasonReady(hour, tMs, stepMs)) {
      return new Score(true, zPlain, median, change(y, median, cfg.transform()), sigma);
    }
    double level = seasonLevel[hour];
    double sigmaSeason = Math.max(1.2533 * seasonAbsDev[hour], floor);
    double zSeason = (y - level) / sigmaSeason;
    boolean offSeason = Math.abs(zSeason) >= cfg.zThreshold();
    // anomalous only if unusual both against the recent level and against this hour of day
    if (Math.signum(zPlain) != Math.signum(zSeason)) {
      return new Score(true, 0, median, 0, offSeason, sigma);
    }
    return Math.abs(zSeason) < Math.abs(zPlain)
        ? new Score(true, zSeason, level, change(y, level, cfg.transform()), offSeason, sigmaSeason)
        : new Score(true, zPlain, median, change(y, median, cfg.transform()), offSeason, sigma);
  }

  private static double floor(Baseline cfg, double median) {
    return cfg.transform() == Transform.LOG ? 0.01 : Math.max(1e-9, 1e-3 * Math.abs(median));
  }

  /** The weekly profile, when the config keeps one (created on first use). */
  WeeklyProfile weekly(Baseline cfg) {
    if (weekly == null && cfg.weekly()) {
      weekly = new WeeklyProfile();
    }
    return weekly;
  }

  /** Relative change of the value against the expected level, in the original units. */
  static double change(double y, double expected, Transform t) {
    if (t == Transform.LOG) {
      return Math.exp(y - expected) - 1;
    }
    return expected == 0
        ? (y == 0 ? 0 : Math.signum(y) * 1e9)
        : (y - expected) / Math.abs(expected);
  }

  /**
   * Adds a point to the recent history unless it is anomalous (until an anomaly has lasted
   * adaptAfter points), and to its hour's profile unless the profile found it off-season.
   */
  void learn(double y, long tMs, boolean anomalous, boolean offSeason, Baseline cfg, long stepMs) {
    excludedRun = anomalous ? excludedRun + 1 : 0;
    offSeasonRun = offSeason ? offSeasonRun + 1 : 0;
    if (firstMs == Long.MIN_VALUE) {
      firstMs = tMs;
    }
    if (!anomalous || excludedRun > cfg.adaptAfter()) {
      ensureCapacity(cfg.history());
      ring[head] = (float) y;
      head = (head + 1) % ring.length;
      size = Math.min(size + 1, ring.length);
    }
    if (!offSeason || offSeasonRun > cfg.adaptAfter()) {
      learnSeason(y, tMs, stepMs);
    }
    WeeklyProfile w = weekly(cfg);
    if (w != null) {
      double floor = floor(cfg, size == 0 ? y : median());
      w.learn(y, tMs, recentSigma, floor, cfg.zThreshold(), cfg.adaptAfter(), stepMs);
    }
  }

  private void learnSeason(double y, long tMs, long stepMs) {
    int h = hourOf(tMs);
    int n = ++seasonN[h];
    // running mean at first, then an EWMA that remembers about three days of this hour
    double weight = 1.0 / Math.min(n, 3 * pointsPerHour(stepMs));
    double resid = y - seasonLevel[h];
    if (n == 1) {
      seasonLevel[h] = (float) y;
      return;
    }
    seasonAbsDev[h] += (float) ((Math.abs(resid) - seasonAbsDev[h]) * weight);
    seasonLevel[h] += (float) (resid * weight);
  }

  private boolean seasonReady(int hour, long tMs, long stepMs) {
    return tMs - firstMs >= TWO_DAYS_MS && seasonN[hour] >= 2 * pointsPerHour(stepMs);
  }

  private static long pointsPerHour(long stepMs) {
    return Math.max(1, HOUR_MS / Math.max(1, stepMs));
  }

  private static int hourOf(long tMs) {
    return (int) Math.floorMod(Math.floorDiv(tMs, HOUR_MS), (long) HOURS);
  }

  /** What the series ordinarily reaches, anomalous points included. */
  Excursions excursions() {
    return excursions;
  }

  int size() {
    return size;
  }

  double median() {
    return medianOf(sortedCopy());
  }

  private float[] sortedCopy() {
    float[] s = Arrays.copyOf(ring, size);
    Arrays.sort(s);
    return s;
  }

  private static double medianOf(float[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /**
   * Keeps the newest points when the configured history length changed since the state was made.
   */
  private void ensureCapacity(int capacity) {
    if (ring.length == capacity) {
      return;
    }
    float[] resized = new float[capacity];
    int keep = Math.min(size, capacity);
    for (int i = 0; i < keep; i++) {
      resized[keep - 1 - i] = ring[Math.floorMod(head - 1 - i, ring.length)];
    }
    ring = resized;
    size = keep;
    head = keep % capacity;
  }

  void write(StateBytes.Writer w) {
    w.varLong(ring.length)
        .varLong(size)
        .varLong(firstMs)
        .varLong(excludedRun)
        .varLong(offSeasonRun);
    for (int i = 0; i < size; i++) {
      w.f32(ring[Math.floorMod(head - size + i, ring.length)]);
    }
    for (int h = 0; h < HOURS; h++) {
      w.varLong(seasonN[h]);
      if (seasonN[h] > 0) {
        w.f32(seasonLevel[h]).f32(seasonAbsDev[h]);
      }
    }
    excursions.write(w);
    w.u8(weekly == null ? 0 : 1);
    if (weekly != null) {
      weekly.write(w);
    }
  }

  /**
   * Reads what {@link #write} wrote; format v1 had no off-season run (it starts at 0), v1 and v2 no
   * excursions (they start empty: the first day opens as before the range existed), v1 to v3 no
   * weekly profile (it starts empty when the config keeps one).
   */
  static RobustBaseline read(StateBytes.Reader r, int formatVersion) {
    RobustBaseline b = new RobustBaseline(r.length(1 << 20));
    if (b.ring.length == 0) {
      throw new IllegalArgumentException("detector state is corrupt: empty baseline ring");
    }
    b.size = r.length(b.ring.length);
    b.firstMs = r.varLong();
    b.excludedRun = r.varInt();
    b.offSeasonRun = formatVersion >= 2 ? r.varInt() : 0;
    for (int i = 0; i < b.size; i++) {
      b.ring[i] = r.f32();
    }
    b.head = b.size % b.ring.length;
    for (int h = 0; h < HOURS; h++) {
      b.seasonN[h] = r.varInt();
      if (b.seasonN[h] > 0) {
        b.seasonLevel[h] = r.f32();
        b.seasonAbsDev[h] = r.f32();
      }
    }
    if (formatVersion >= 3) {
      b.excursions.read(r);
    }
    if (formatVersion >= 4 && r.u8() == 1) {
      b.weekly = new WeeklyProfile();
      b.weekly.read(r);
    }
    return b;
  }
}
