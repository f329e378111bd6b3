package dev.r1lat.sink.write;

import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.sink.write.TimingColumns.Kind;
import java.util.List;

/**
 * The raw-event fast path: reads RequestTiming single-object messages (current writer schema)
 * straight into Native columns, byte for byte, without building Avro objects or Java strings. The
 * field order and kinds come from the schema ({@link TimingColumns}). The same parse validates a
 * message when it is consumed ({@link #validate}), so encoding a batch ({@link #encode}) cannot
 * fail half-way. Produces exactly the bytes of the generic column encoders (checked by
 * TimingNativeEncoderTest).
 *
 * <p>Avro binary, in schema order: string = zigzag length + UTF-8; long/int = zigzag varint; union
 * [null, T] = zigzag branch index then T; boolean = 1 byte; double = 8 bytes little-endian (as in
 * Native, so copied as is); enum = zigzag index.
 */
public final class TimingNativeEncoder {
  /** Avro single-object header: 2-byte marker + 8-byte schema fingerprint. */
  public static final int HEADER = 10;

  /** One kind per schema field, in schema order: derived once, so the hot loop is as before. */
  private static final Kind[] FIELDS =
      TimingColumns.ALL.stream().map(TimingColumns.Column::kind).toArray(Kind[]::new);

  /** An enum field's symbols by index (null for other fields). */
  private static final String[][] SYMBOLS =
      TimingColumns.ALL.stream()
          .map(c -> c.kind() == Kind.ENUM ? c.symbols().toArray(String[]::new) : null)
          .toArray(String[][]::new);

  private final List<String> columns;
  private final BinaryOut[] data = new BinaryOut[FIELDS.length];
  private final BinaryOut[] nulls = new BinaryOut[FIELDS.length];
  private int pos;
  private byte[] b;

  /** rows < 0: a validator, which allocates no buffers. */
  private TimingNativeEncoder(List<String> columns, int rows) {
    if (columns.size() != FIELDS.length) {
      throw new IllegalArgumentException("request_timings has " + FIELDS.length + " columns");
    }
    this.columns = columns;
    for (int i = 0; rows >= 0 && i < FIELDS.length; i++) {
      data[i] = new BinaryOut(rows * 12);
      nulls[i] = FIELDS[i].nullable() ? new BinaryOut(rows) : null;
    }
  }

  /** Parses a whole message without output; throws with a reason if it is not a valid row. */
  public static void validate(byte[] message, List<String> columns) {
    TimingNativeEncoder v = new TimingNativeEncoder(columns, -1);
    v.parse(message, false);
  }

  /** One Native block of the messages, which {@link #validate} accepted. */
  public static BinaryOut encode(List<byte[]> messages, List<String> columns) {
    TimingNativeEncoder e = new TimingNativeEncoder(columns, messages.size());
    for (byte[] m : messages) {
      e.parse(m, true);
    }
    BinaryOut out = new BinaryOut(e.size() + 1024);
    out.varint(FIELDS.length);
    out.varint(messages.size());
    for (int i = 0; i < FIELDS.length; i++) {
      out.string(columns.get(i));
      out.string(FIELDS[i].nativeType());
      if (e.nulls[i] != null) {
        out.append(e.nulls[i]);
      }
      out.append(e.data[i]);
    }
    return out;
  }

  private int size() {
    int n = 0;
    for (int i = 0; i < FIELDS.length; i++) {
      n += data[i].size() + (nulls[i] == null ? 0 : nulls[i].size());
    }
    return n;
  }

  private void parse(byte[] message, boolean write) {
    this.b = message;
    this.pos = HEADER;
    try {
      for (int i = 0; i < FIELDS.length; i++) {
        field(i, write);
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new InvalidRecordException("corrupt RequestTiming body: truncated");
    }
    if (pos != message.length) {
      throw new InvalidRecordException("corrupt RequestTiming body: trailing bytes");
    }
  }

  private void field(int i, boolean write) {
    Kind k = FIELDS[i];
    BinaryOut d = write ? data[i] : null;
    if (k.nullable()) {
      long branch = zigzag();
      if (branch != 0 && branch != 1) {
        throw new InvalidRecordException("corrupt RequestTiming body: union branch " + branch);
      }
      boolean isNull = branch == 0;
      if (write) {
        nulls[i].uint8(isNull ? 1 : 0);
      }
      if (isNull) {
        if (write) {
          placeholder(k, d);
        }
        return;
      }
    }
    switch (k) {
      case STRING, NULLABLE_STRING -> string(d);
      case MILLIS -> {
        long v = zigzag();
        if (write) {
          d.int64(v);
        }
      }
      case BOOL, NULLABLE_BOOL -> {
        int v = b[pos++];
        if (write) {
          d.uint8(v);
        }
      }
      case ENUM -> {
        long idx = zigzag();
        String[] symbols = SYMBOLS[i];
        if (idx < 0 || idx >= symbols.length) {
          throw new InvalidRecordException(
              "corrupt RequestTiming body: " + columns.get(i) + " " + idx);
        }
        if (write) {
          d.string(symbols[(int) idx]);
        }
      }
      case NULLABLE_UINT32 -> {
        long v = zigzag();
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw new InvalidRecordException(
              "RequestTiming." + columns.get(i) + " = " + v + " is negative");
        }
        if (write) {
          d.int32((int) v);
        }
      }
      case NULLABLE_DOUBLE, DOUBLE -> {
        if (pos + 8 > b.length) {
          throw new ArrayIndexOutOfBoundsException();
        }
        if (write) {
          d.bytes(b, pos, 8);
        }
        pos += 8;
      }
    }
  }

  private static void placeholder(Kind k, BinaryOut d) {
    switch (k) {
      case NULLABLE_STRING -> d.varint(0);
      case NULLABLE_UINT32 -> d.int32(0);
      case NULLABLE_BOOL -> d.uint8(0);
      default -> d.int64(0); // NULLABLE_DOUBLE: 8 zero bytes = 0.0
    }
  }

  private void string(BinaryOut d) {
    long len = zigzag();
    if (len < 0 || pos + len > b.length) {
      throw new InvalidRecordException("corrupt RequestTiming body: string length " + len);
    }
    if (d != null) {
      d.varint(len);
      d.bytes(b, pos, (int) len);
    }
    pos += (int) len;
  }

  private long zigzag() {
    long raw = 0;
    int shift = 0;
    while (true) {
      int x = b[pos++];
      raw |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new InvalidRecordException("corrupt RequestTiming body: varint too long");
      }
    }
    return (raw >>> 1) ^ -(raw & 1);
  }
}
