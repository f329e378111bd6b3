package dev.r1lat.anomaly;

import java.util.Arrays;

/**
 * Request, error and over-SLO counts of the last {@link #CAPACITY} windows, indexed by window slot
 * (window start / window length), so gaps between calls read as empty windows. Six hours of
 * 1-minute windows: the longest burn-rate window of the SRE workbook's page and ticket alerts.
 */
final class CountRing {
  static final int CAPACITY = 360;

  private final long[] count = new long[CAPACITY];
  private final long[] errors = new long[CAPACITY];
  private final long[] over = new long[CAPACITY];
  private long lastSlot = Long.MIN_VALUE;
  private long firstSlot = Long.MIN_VALUE;

  /** Window totals over a range of slots. */
  record Totals(long count, long errors, long over) {
    double errorRate() {
      return count == 0 ? 0 : (double) errors / count;
    }

    double overRate() {
      return count == 0 ? 0 : (double) over / count;
    }
  }

  void record(long slot, long c, long e, long o) {
    if (lastSlot == Long.MIN_VALUE || slot - lastSlot >= CAPACITY) {
      clearAll();
      firstSlot = firstSlot == Long.MIN_VALUE ? slot : firstSlot;
    } else {
      for (long s = lastSlot + 1; s < slot; s++) {
        clear(s);
      }
    }
    int i = index(slot);
    count[i] = c;
    errors[i] = e;
    over[i] = o;
    lastSlot = slot;
  }

  /** Windows recorded since the first one (gaps included), capped at the capacity. */
  long span() {
    return lastSlot == Long.MIN_VALUE ? 0 : Math.min(CAPACITY, lastSlot - firstSlot + 1);
  }

  /** Totals of the {@code n} windows ending {@code skip} windows before the latest one. */
  Totals sum(int skip, int n) {
    long c = 0;
    long e = 0;
    long o = 0;
    int usable = (int) Math.min(n, Math.max(0, span() - skip));
    for (int k = 0; k < usable; k++) {
      int i = index(lastSlot - skip - k);
      c += count[i];
      e += errors[i];
      o += over[i];
    }
    return new Totals(c, e, o);
  }

  /**
   * Median request count of the {@code n} windows ending {@code skip} windows before the latest.
   */
  double medianCount(int skip, int n) {
    int usable = (int) Math.min(n, Math.max(0, span() - skip));
    if (usable == 0) {
      return 0;
    }
    long[] v = new long[usable];
    for (int k = 0; k < usable; k++) {
      v[k] = count[index(lastSlot - skip - k)];
    }
    Arrays.sort(v);
    return usable % 2 == 1 ? v[usable / 2] : (v[usable / 2 - 1] + v[usable / 2]) / 2.0;
  }

  private void clearAll() {
    Arrays.fill(count, 0);
    Arrays.fill(errors, 0);
    Arrays.fill(over, 0);
  }

  private void clear(long slot) {
    int i = index(slot);
    count[i] = 0;
    errors[i] = 0;
    over[i] = 0;
  }

  private static int index(long slot) {
    return (int) Math.floorMod(slot, (long) CAPACITY);
  }

  void write(StateBytes.Writer w) {
    w.varLong(lastSlot).varLong(firstSlot);
    if (lastSlot == Long.MIN_VALUE) {
      return;
    }
    for (int k = 0; k < span(); k++) {
      int i = index(lastSlot - k);
      w.varLong(count[i]).varLong(errors[i]).varLong(over[i]);
    }
  }

  static CountRing read(StateBytes.Reader r) {
    CountRing ring = new CountRing();
    ring.lastSlot = r.varLong();
    ring.firstSlot = r.varLong();
    if (ring.lastSlot == Long.MIN_VALUE) {
      return ring;
    }
    if (ring.firstSlot > ring.lastSlot) {
      throw new IllegalArgumentException("detector state is corrupt: count ring slots");
    }
    for (int k = 0; k < ring.span(); k++) {
      int i = index(ring.lastSlot - k);
      ring.count[i] = r.varLong();
      ring.errors[i] = r.varLong();
      ring.over[i] = r.varLong();
    }
    return ring;
  }
}
