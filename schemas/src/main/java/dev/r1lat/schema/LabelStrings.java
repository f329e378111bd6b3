package dev.r1lat.schema;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of a few dimension labels (region, tier, model), reused: the same bytes give the same
 * String instance, whose hash is computed once, so the lookups that follow decoding (the
 * cardinality guard, the group of a window) hash and compare no fresh string per event. A
 * direct-mapped table of {@link #SLOTS} entries, each label of at most {@link #MAX_BYTES} bytes: a
 * flood of distinct values only overwrites slots, so memory stays bounded whatever the input.
 * Returns exactly {@code new String(bytes, UTF_8)}: a slot is used only when its bytes are equal.
 * Not thread-safe, like the decoder that owns it.
 */
final class LabelStrings {
  static final int SLOTS = 256;
  static final int MAX_BYTES = 64;

  private final byte[][] keys = new byte[SLOTS][];
  private final String[] values = new String[SLOTS];

  /** The string of {@code buf[from, from + len)} decoded as UTF-8. */
  String get(byte[] buf, int from, int len) {
    if (len > MAX_BYTES) {
      return new String(buf, from, len, StandardCharsets.UTF_8);
    }
    int h = len;
    for (int i = from; i < from + len; i++) {
      h = 31 * h + buf[i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, buf, from, from + len)) {
      return values[slot];
    }
    String s = new String(buf, from, len, StandardCharsets.UTF_8);
    keys[slot] = Arrays.copyOfRange(buf, from, from + len);
    values[slot] = s;
    return s;
  }
}
