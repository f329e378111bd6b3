package dev.r1lat.anomaly;

/**
 * The level of a series at each hour of the week (168 EWMA slots, each remembering about three
 * weeks of its hour), for series whose shape is weekly: traffic that is low at night and on
 * weekends. A holiday or a storm there is a change of the weekly shape, not of the recent level:
 * the hours around it range far more than it departs from its own hour of the week.
 *
 * <p>The profile judges a series only when it is <em>strongly</em> weekly: over the last week, the
 * spread of the recent history is typically (an EWMA of the log ratio) at least {@link #STRONG}
 * times the spread within the series' hour of the week, i.e. the weekly shape explains most of what
 * the series does. A bursty, a trending or a flat series is not, and keeps being judged against its
 * recent level. Ready for an hour of the week after two weeks. Novelty there is judged on the
 * residuals from the profile ({@link #residuals()}), not on the values: a dip to half the usual
 * Thursday-noon level is new even if every night goes lower.
 */
final class WeeklyProfile {
  static final int SLOTS = 168;

  /** Recent spread over hour-of-week spread from which the weekly shape explains the series. */
  static final double STRONG = 2.5;

  private static final long HOUR_MS = 3_600_000L;
  private static final long WEEK_MS = SLOTS * HOUR_MS;

  private final float[] level = new float[SLOTS];
  private final float[] absDev = new float[SLOTS];
  private final int[] n = new int[SLOTS];
  private long firstMs = Long.MIN_VALUE;
  private float strength;
  private int strengthN;
  private int offRun;
  private final Excursions residuals = new Excursions();

  /** Whether this point's hour of the week has a profile to judge against. */
  boolean ready(long tMs, long stepMs) {
    return firstMs != Long.MIN_VALUE
        && tMs - firstMs >= 2 * WEEK_MS
        && n[slot(tMs)] >= 2 * pointsPerHour(stepMs);
  }

  /** Whether the weekly shape explains the series (see the class comment). */
  boolean strong(long stepMs) {
    return strengthN >= 7 * 24 * pointsPerHour(stepMs) && strength >= Math.log(STRONG);
  }

  double level(long tMs) {
    return level[slot(tMs)];
  }

  double sigma(long tMs, double floor) {
    return Math.max(1.2533 * absDev[slot(tMs)], floor);
  }

  /** Excursions of the residuals from the profile: what the series ordinarily departs from it. */
  Excursions residuals() {
    return residuals;
  }

  /**
   * Learns a point: how the recent spread compares with its hour's (when ready), and its hour's
   * level unless the point is off the profile (until that lasted {@code adaptAfter} points).
   */
  void learn(
      double y,
      long tMs,
      double recentSigma,
      double floor,
      double zThreshold,
      int adaptAfter,
      long stepMs) {
    if (firstMs == Long.MIN_VALUE) {
      firstMs = tMs;
    }
    boolean ready = ready(tMs, stepMs);
    boolean off = ready && Math.abs(y - level(tMs)) >= zThreshold * sigma(tMs, floor);
    if (ready && recentSigma > 0) {
      double ratio = Math.log(Math.max(recentSigma / sigma(tMs, 1e-12), 1e-9));
      strengthN = Math.min(strengthN + 1, Integer.MAX_VALUE - 1);
      double w = 1.0 / Math.min(strengthN, 7 * 24 * pointsPerHour(stepMs));
      strength += (float) ((ratio - strength) * w);
    }
    offRun = off ? offRun + 1 : 0;
    if (off && offRun <= adaptAfter) {
      return;
    }
    int s = slot(tMs);
    int k = ++n[s];
    if (k == 1) {
      level[s] = (float) y;
      return;
    }
    double weight = 1.0 / Math.min(k, 3 * pointsPerHour(stepMs));
    double resid = y - level[s];
    absDev[s] += (float) ((Math.abs(resid) - absDev[s]) * weight);
    level[s] += (float) (resid * weight);
  }

  private static int slot(long tMs) {
    // epoch day 0 was a Thursday; any fixed alignment does, the week only has to be 168 hours
    return (int) Math.floorMod(Math.floorDiv(tMs, HOUR_MS), (long) SLOTS);
  }

  private static long pointsPerHour(long stepMs) {
    return Math.max(1, HOUR_MS / Math.max(1, stepMs));
  }

  void write(StateBytes.Writer w) {
    w.varLong(firstMs).f32(strength).varLong(strengthN).varLong(offRun);
    for (int s = 0; s < SLOTS; s++) {
      w.varLong(n[s]);
      if (n[s] > 0) {
        w.f32(level[s]).f32(absDev[s]);
      }
    }
    residuals.write(w);
  }

  void read(StateBytes.Reader r) {
    firstMs = r.varLong();
    strength = r.f32();
    strengthN = r.varInt();
    offRun = r.varInt();
    for (int s = 0; s < SLOTS; s++) {
      n[s] = r.varInt();
      if (n[s] > 0) {
        level[s] = r.f32();
        absDev[s] = r.f32();
      }
    }
    residuals.read(r);
  }
}
