package dev.r1lat.sink.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A growable buffer of ClickHouse RowBinary: little-endian fixed-width numbers, LEB128 lengths, 0/1
 * null markers before Nullable values. A batch is encoded once and can be sent again as is when an
 * insert is retried.
 */
public final class RowBinaryOut {
  private byte[] buf;
  private int size;

  public RowBinaryOut(int initialCapacity) {
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
    byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
    varint(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  /** Nullable(String) and LowCardinality(Nullable(String)). */
  public void nullableString(CharSequence s) {
    if (s == null) {
      uint8(1);
    } else {
      uint8(0);
      string(s);
    }
  }

  /** Nullable(UInt32) from an Avro int; negative values are rejected upstream. */
  public void nullableUInt32(Integer v) {
    if (v == null) {
      uint8(1);
    } else {
      uint8(0);
      int32(v);
    }
  }

  public void nullableFloat64(Double v) {
    if (v == null) {
      uint8(1);
    } else {
      uint8(0);
      float64(v);
    }
  }

  public void nullableBool(Boolean v) {
    if (v == null) {
      uint8(1);
    } else {
      uint8(0);
      bool(v);
    }
  }

  public void stringMap(Map<? extends CharSequence, ? extends CharSequence> map) {
    varint(map.size());
    map.forEach(
        (k, v) -> {
          string(k);
          string(v);
        });
  }

  public void int32Array(int[] values) {
    varint(values.length);
    for (int v : values) {
      int32(v);
    }
  }

  public void float64Array(double[] values) {
    varint(values.length);
    for (double v : values) {
      float64(v);
    }
  }
}
