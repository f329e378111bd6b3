package dev.r1lat.sink.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of ClickHouse binary encodings (Native and RowBinary formats): little-endian
 * fixed-width numbers, LEB128 lengths before strings. A batch is encoded once and is sent again as
 * is when an insert is retried.
 */
public final class BinaryOut {
  private byte[] buf;
  private int size;

  public BinaryOut(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  public int size() {
    return size;
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, size);
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  private static boolean isAscii(CharSequence s, int n) {
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  public void bytes(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, buf, size, length);
    size += length;
  }

  public void append(BinaryOut other) {
    bytes(other.buf, 0, other.size);
  }

  /** Bytes {@code from..from+length-1} of {@code other}: a slice of a column of a range. */
  public void append(BinaryOut other, int from, int length) {
    bytes(other.buf, from, length);
  }

  /** Forgets everything after the first {@code newSize} bytes (undoes a partly written row). */
  void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
    }
    size = newSize;
  }

  public void uint8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
  }

  public void bool(boolean v) {
    uint8(v ? 1 : 0);
  }

  public void int32(int v) {
    ensure(4);
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 24);
  }

  public void int64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void float64(double v) {
    int64(Double.doubleToRawLongBits(v));
  }

  public void varint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void string(CharSequence s) {
    int n = s.length();
    if (n < 128 && isAscii(s, n)) {
      // the common case (ids, regions, tiers): one length byte, chars as bytes, no allocation
      ensure(n + 1);
      buf[size++] = (byte) n;
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
      return;
    }
    byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
    varint(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }
}
