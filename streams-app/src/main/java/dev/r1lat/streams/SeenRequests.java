package dev.r1lat.streams;

/**
 * The request ids one open window of one partition has counted, so a retried request is counted
 * once. Producers key records by request id, so a retry lands on the same partition, and it carries
 * the same event time, so it lands in the same window: remembering a window's ids while it is open
 * is enough, and the set goes with the window when it closes.
 *
 * <p>An id is kept as a 64-bit hash in an open-addressing table of longs: 8 bytes per slot, at most
 * 3/4 full, so 11 to 21 bytes per request (a {@code HashSet<String>} of 36-character ids costs
 * about 150). Two different ids of one window collide with probability about n^2 / 2^65 for n ids
 * in the window: 2.7e-8 for a million requests in one minute on one partition; a collision drops
 * one request as a duplicate, and it is counted.
 */
final class SeenRequests {
  private static final int MIN_CAPACITY = 16;

  /** Marks an empty slot; the one id hashing to it is stored as {@link #ZERO_STANDIN}. */
  private static final long EMPTY = 0;

  private static final long ZERO_STANDIN = 0x9E3779B97F4A7C15L;

  private long[] slots = new long[MIN_CAPACITY];
  private int size;

  /** Adds the id; false when the window has already seen it. */
  boolean add(CharSequence requestId) {
    long h = hash(requestId);
    if (h == EMPTY) {
      h = ZERO_STANDIN;
    }
    if ((size + 1) * 4L > slots.length * 3L) {
      grow();
    }
    return insert(slots, h);
  }

  int size() {
    return size;
  }

  private boolean insert(long[] table, long h) {
    int mask = table.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (table[i] == EMPTY) {
        table[i] = h;
        size++;
        return true;
      }
      if (table[i] == h) {
        return false;
      }
    }
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (long h : old) {
      if (h != EMPTY) {
        insert(slots, h);
      }
    }
  }

  /**
   * A 64-bit hash of the id's UTF-16 code units: four per 64-bit block, mixed as in MurmurHash3
   * (x64), then MurmurHash3's 64-bit finalizer, so every input bit reaches every output bit. No
   * allocation, unlike hashing the UTF-8 bytes.
   */
  static long hash(CharSequence s) {
    final long c1 = 0x87c37b91114253d5L;
    final long c2 = 0x4cf5ad432745937fL;
    int n = s.length();
    long h = 0x2545F4914F6CDD1DL ^ n;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long k =
          s.charAt(i)
              | (long) s.charAt(i + 1) << 16
              | (long) s.charAt(i + 2) << 32
              | (long) s.charAt(i + 3) << 48;
      h ^= Long.rotateLeft(k * c1, 31) * c2;
      h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
    }
    long k = 0;
    for (int shift = 0; i < n; i++, shift += 16) {
      k |= (long) s.charAt(i) << shift;
    }
    h ^= Long.rotateLeft(k * c1, 31) * c2;
    return fmix(h);
  }

  private static long fmix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
