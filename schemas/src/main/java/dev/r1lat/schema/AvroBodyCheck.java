package dev.r1lat.schema;

import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without allocating anything, before any
 * decoder touches it: every string, bytes and fixed length and every array or map count is checked
 * against the bytes that remain, so a 15-byte record claiming a 2 GB string (or 2 billion map
 * entries) is refused here instead of sizing an allocation. Also refuses what Avro would read
 * loosely or differently from {@link FastTimingDecoder}: negative lengths, over-long varints,
 * booleans other than 0 or 1, union and enum indexes out of range, and bytes after the record.
 *
 * <p>Items of a collection are at least one byte in every r1lat schema (a map entry carries its key
 * length), so a block's count is refused when it exceeds the bytes left, and the items of all
 * blocks together when they exceed the record's length. Avro would allow long arrays of zero-byte
 * items (nulls); no r1lat schema has them, and the bound caps the work such a type could cost.
 */
final class AvroBodyCheck {
  private static final int MAX_DEPTH = 64;

  private final byte[] buf;
  private final String typeName;
  private int pos;
  private long itemsLeft;

  private AvroBodyCheck(byte[] buf, int from, String typeName) {
    this.buf = buf;
    this.pos = from;
    this.typeName = typeName;
    this.itemsLeft = buf.length;
  }

  /**
   * Throws {@link InvalidRecordException} ("corrupt TYPE body at byte N: why") unless {@code bytes}
   * from {@code from} on is exactly one record written with {@code writer}.
   */
  static void check(Schema writer, byte[] bytes, int from, String typeName) {
    AvroBodyCheck c = new AvroBodyCheck(bytes, from, typeName);
    c.value(writer, 0);
    if (c.pos != bytes.length) {
      throw c.corrupt((bytes.length - c.pos) + " trailing bytes after the record");
    }
  }

  private void value(Schema s, int depth) {
    if (depth > MAX_DEPTH) {
      throw corrupt("nested deeper than " + MAX_DEPTH);
    }
    switch (s.getType()) {
      case NULL -> {}
      case BOOLEAN -> {
        int b = take(1) & 0xff;
        if (b > 1) {
          throw corrupt("boolean byte " + b);
        }
      }
      case INT -> varInt();
      case LONG -> varLong();
      case FLOAT -> take(4);
      case DOUBLE -> take(8);
      case FIXED -> take(s.getFixedSize());
      case STRING, BYTES -> skipLength("string/bytes");
      case ENUM -> index("enum symbol", s.getEnumSymbols().size());
      case UNION -> value(s.getTypes().get(index("union branch", s.getTypes().size())), depth + 1);
      case RECORD -> s.getFields().forEach(f -> value(f.schema(), depth + 1));
      case ARRAY -> blocks(s.getElementType(), false, depth);
      case MAP -> blocks(s.getValueType(), true, depth);
      default -> throw corrupt("unsupported type " + s.getType());
    }
  }

  private void blocks(Schema item, boolean map, int depth) {
    long count;
    while ((count = varLong()) != 0) {
      boolean sized = count < 0;
      // a negative count is followed by the block's size in bytes (written for skipping)
      count = sized ? -count : count;
      if (count < 0 || count > itemsLeft || count > remaining()) {
        throw corrupt("collection count " + count + " with " + remaining() + " bytes left");
      }
      if (sized) {
        long size = varLong();
        if (size < 0 || size > remaining()) {
          throw corrupt("block size " + size + " with " + remaining() + " bytes left");
        }
      }
      itemsLeft -= count;
      for (long i = 0; i < count; i++) {
        if (map) {
          skipLength("map key");
        }
        value(item, depth + 1);
      }
    }
  }

  private void skipLength(String what) {
    long len = varLong();
    if (len < 0 || len > remaining()) {
      throw corrupt(what + " length " + len + " with " + remaining() + " bytes left");
    }
    pos += (int) len;
  }

  private int index(String what, int size) {
    int i = varInt();
    if (i < 0 || i >= size) {
      throw corrupt(what + " " + i + " of " + size);
    }
    return i;
  }

  private int remaining() {
    return buf.length - pos;
  }

  /** Returns the first of {@code n} bytes and moves past them. */
  private byte take(int n) {
    if (n > remaining()) {
      throw corrupt("truncated: " + n + " bytes needed, " + remaining() + " left");
    }
    byte first = n == 0 ? 0 : buf[pos];
    pos += n;
    return first;
  }

  private int varInt() {
    long raw = rawVarint(5);
    if (raw >>> 32 != 0) {
      throw corrupt("int varint out of range");
    }
    return (int) (raw >>> 1) ^ -(int) (raw & 1);
  }

  private long varLong() {
    long raw = rawVarint(10);
    return (raw >>> 1) ^ -(raw & 1);
  }

  private long rawVarint(int maxBytes) {
    long raw = 0;
    for (int i = 0; i < maxBytes; i++) {
      int b = take(1) & 0xff;
      raw |= (long) (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        return raw;
      }
    }
    throw corrupt("varint longer than " + maxBytes + " bytes");
  }

  private InvalidRecordException corrupt(String reason) {
    return new InvalidRecordException(
        "corrupt " + typeName + " body at byte " + pos + ": " + reason);
  }
}
