package dev.r1lat.anomaly;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Compact binary encoding of detector state: zig-zag varints, floats, short strings. */
final class StateBytes {
  private StateBytes() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    Writer u8(int b) {
      out.write(b);
      return this;
    }

    Writer varLong(long v) {
      long z = (v << 1) ^ (v >> 63);
      while ((z & ~0x7FL) != 0) {
        out.write((int) ((z & 0x7F) | 0x80));
        z >>>= 7;
      }
      out.write((int) z);
      return this;
    }

    Writer f32(double v) {
      int bits = Float.floatToIntBits((float) v);
      for (int i = 24; i >= 0; i -= 8) {
        out.write((bits >>> i) & 0xFF);
      }
      return this;
    }

    Writer f64(double v) {
      long bits = Double.doubleToLongBits(v);
      for (int i = 56; i >= 0; i -= 8) {
        out.write((int) ((bits >>> i) & 0xFF));
      }
      return this;
    }

    Writer str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varLong(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads what {@link Writer} wrote; a truncated or corrupt buffer fails with a clear message. */
  static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    int u8() {
      need(1);
      return buf[pos++] & 0xFF;
    }

    long varLong() {
      long z = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        z |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (z >>> 1) ^ -(z & 1);
        }
      }
      throw new IllegalArgumentException("detector state is corrupt: varint too long");
    }

    int varInt() {
      long v = varLong();
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("detector state is corrupt: " + v + " is not an int");
      }
      return (int) v;
    }

    int length(int max) {
      int n = varInt();
      if (n < 0 || n > max) {
        throw new IllegalArgumentException("detector state is corrupt: length " + n);
      }
      return n;
    }

    float f32() {
      need(4);
      int bits = 0;
      for (int i = 0; i < 4; i++) {
        bits = (bits << 8) | (buf[pos++] & 0xFF);
      }
      return Float.intBitsToFloat(bits);
    }

    double f64() {
      need(8);
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = (bits << 8) | (buf[pos++] & 0xFF);
      }
      return Double.longBitsToDouble(bits);
    }

    String str() {
      int n = length(4096);
      need(n);
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    boolean atEnd() {
      return pos == buf.length;
    }

    private void need(int n) {
      if (pos + n > buf.length) {
        throw new IllegalArgumentException("detector state is truncated at byte " + pos);
      }
    }
  }
}
