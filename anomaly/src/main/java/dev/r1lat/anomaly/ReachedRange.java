package dev.r1lat.anomaly;

import java.util.Arrays;

/**
 * The highest and lowest value a series reached in each of its last few clock periods (hours or
 * days), every point included: anomalous ones too, unlike the robust history. It answers "what
 * level did the series reach in at least k of its last periods": a level the series reaches hour
 * after hour or day after day (a burst every hour, a heavy-tailed volume, a level shift that has
 * persisted for hours) is ordinary for it, however far it is from the median. One slot per period,
 * each tagged with the period it holds, so a stale slot is never read.
 */
final class ReachedRange {
  static final long HOUR_MS = 3_600_000L;
  static final long DAY_MS = 24 * HOUR_MS;
  private static final long EMPTY = Long.MIN_VALUE;

  private final long periodMs;
  private final long[] periodOfSlot;
  private final float[] max;
  private final float[] min;

  ReachedRange(long periodMs, int periods) {
    this.periodMs = periodMs;
    periodOfSlot = new long[periods];
    max = new float[periods];
    min = new float[periods];
    Arrays.fill(periodOfSlot, EMPTY);
  }

  /** The last 24 hours. */
  static ReachedRange hours() {
    return new ReachedRange(HOUR_MS, 24);
  }

  /** The last 14 days: two weekly cycles. */
  static ReachedRange days() {
    return new ReachedRange(DAY_MS, 14);
  }

  /**
   * Records a point: {@code high} is what it surely reached, {@code low} what it surely stayed at.
   */
  void add(double high, double low, long tMs) {
    long period = Math.floorDiv(tMs, periodMs);
    int slot = (int) Math.floorMod(period, (long) periodOfSlot.length);
    if (periodOfSlot[slot] != period) {
      periodOfSlot[slot] = period;
      max[slot] = (float) high;
      min[slot] = (float) low;
      return;
    }
    max[slot] = (float) Math.max(max[slot], high);
    min[slot] = (float) Math.min(min[slot], low);
  }

  /**
   * The highest level the series reached in at least {@code k} of its last periods (this one
   * included): the k-th largest maximum; -infinity when fewer periods are known.
   */
  double reachedHigh(int k, long tMs) {
    double[] v = recent(max, tMs);
    return v.length < k ? Double.NEGATIVE_INFINITY : v[v.length - k];
  }

  /** The lowest level reached in at least {@code k} of the last periods; +infinity if unknown. */
  double reachedLow(int k, long tMs) {
    double[] v = recent(min, tMs);
    return v.length < k ? Double.POSITIVE_INFINITY : v[k - 1];
  }

  /** The slots' values of the periods still in reach, sorted ascending. */
  private double[] recent(float[] values, long tMs) {
    long now = Math.floorDiv(tMs, periodMs);
    double[] v = new double[values.length];
    int n = 0;
    for (int s = 0; s < values.length; s++) {
      if (periodOfSlot[s] != EMPTY && now - periodOfSlot[s] < values.length) {
        v[n++] = values[s];
      }
    }
    double[] out = Arrays.copyOf(v, n);
    Arrays.sort(out);
    return out;
  }

  void write(StateBytes.Writer w) {
    for (int s = 0; s < periodOfSlot.length; s++) {
      boolean used = periodOfSlot[s] != EMPTY;
      w.u8(used ? 1 : 0);
      if (used) {
        w.varLong(periodOfSlot[s]).f32(max[s]).f32(min[s]);
      }
    }
  }

  /** Fills this (empty) range with what {@link #write} wrote. */
  ReachedRange read(StateBytes.Reader r) {
    for (int s = 0; s < periodOfSlot.length; s++) {
      if (r.u8() == 1) {
        periodOfSlot[s] = r.varLong();
        max[s] = r.f32();
        min[s] = r.f32();
      }
    }
    return this;
  }
}
