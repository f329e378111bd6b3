package dev.r1lat.anomaly;

/**
 * What one metric of a series ordinarily reaches, every point included (anomalous ones too, unlike
 * the robust history), at two time scales of excursion: a point (a burst) and a level held for
 * {@link #SUSTAIN} windows (a shift). An excursion is ordinary when it is at most {@link
 * #ORDINARY_FACTOR} times one the series makes hour after hour ({@link #ORDINARY_HOURS} of the last
 * 24 hours) or day after day ({@link #ORDINARY_DAYS} of the last 14 days, two weekly cycles): of
 * the same order as a burst every hour, a heavy-tailed volume's daily peaks, a shift that has
 * persisted for hours. An ordinary excursion keeps an open anomaly open but opens none; one earlier
 * incident does not make its recurrence ordinary.
 *
 * <p>A burst is judged by its height and a shift by its held level: a series whose hourly job peaks
 * at 100 % has peaks that are ordinary, but its level held at 60 % for a quarter of an hour is not.
 */
final class Excursions {
  static final int ORDINARY_HOURS = 3;
  static final int ORDINARY_DAYS = 3;

  /** Up to half again as far as an ordinary excursion is the same order: slowly growing peaks. */
  static final double ORDINARY_FACTOR = 1.5;

  /** Windows a level must hold to count as a level rather than a burst. */
  static final int SUSTAIN = 3;

  private final ReachedRange pointHours = ReachedRange.hours();
  private final ReachedRange pointDays = ReachedRange.days();
  private final ReachedRange levelHours = ReachedRange.hours();
  private final ReachedRange levelDays = ReachedRange.days();
  private final float[] lastLow =
      new float[SUSTAIN - 1]; // newest first: what windows surely reached
  private final float[] lastHigh = new float[SUSTAIN - 1]; // ... and surely stayed below
  private int held;

  /** The level the series surely stayed above over the last SUSTAIN windows, this one's is low. */
  double heldAbove(double low) {
    double v = low;
    for (int i = 0; i < held; i++) {
      v = Math.min(v, lastLow[i]);
    }
    return v;
  }

  /** The level it surely stayed below over the last SUSTAIN windows, this one's being high. */
  double heldBelow(double high) {
    double v = high;
    for (int i = 0; i < held; i++) {
      v = Math.max(v, lastHigh[i]);
    }
    return v;
  }

  boolean ordinaryPoint(boolean up, double y, double expected, long tMs) {
    return ordinary(pointHours, pointDays, up, y, expected, tMs);
  }

  boolean ordinaryLevel(boolean up, double y, double expected, long tMs) {
    return ordinary(levelHours, levelDays, up, y, expected, tMs);
  }

  private static boolean ordinary(
      ReachedRange hours, ReachedRange days, boolean up, double y, double e, long t) {
    double excess = up ? y - e : e - y;
    double hourly =
        up ? hours.reachedHigh(ORDINARY_HOURS, t) - e : e - hours.reachedLow(ORDINARY_HOURS, t);
    double daily =
        up ? days.reachedHigh(ORDINARY_DAYS, t) - e : e - days.reachedLow(ORDINARY_DAYS, t);
    return excess <= ORDINARY_FACTOR * Math.max(0, Math.max(hourly, daily));
  }

  /**
   * Adds a window: {@code low} is what it surely reached (the lower end of its confidence interval,
   * the value itself for a plain series), {@code high} what it surely stayed below.
   */
  void add(double low, double high, long tMs) {
    double above = heldAbove(low);
    double below = heldBelow(high);
    pointHours.add(low, high, tMs);
    pointDays.add(low, high, tMs);
    levelHours.add(above, below, tMs);
    levelDays.add(above, below, tMs);
    for (int i = lastLow.length - 1; i > 0; i--) {
      lastLow[i] = lastLow[i - 1];
      lastHigh[i] = lastHigh[i - 1];
    }
    lastLow[0] = (float) low;
    lastHigh[0] = (float) high;
    held = Math.min(held + 1, lastLow.length);
  }

  void write(StateBytes.Writer w) {
    pointHours.write(w);
    pointDays.write(w);
    levelHours.write(w);
    levelDays.write(w);
    w.u8(held);
    for (int i = 0; i < held; i++) {
      w.f32(lastLow[i]).f32(lastHigh[i]);
    }
  }

  void read(StateBytes.Reader r) {
    pointHours.read(r);
    pointDays.read(r);
    levelHours.read(r);
    levelDays.read(r);
    held = r.u8();
    if (held > lastLow.length) {
      throw new IllegalArgumentException("detector state is corrupt: " + held + " held windows");
    }
    for (int i = 0; i < held; i++) {
      lastLow[i] = r.f32();
      lastHigh[i] = r.f32();
    }
  }
}
