package dev.r1lat.sink.write;

import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.sink.write.TimingColumns.Kind;
import java.util.List;

/**
 * The raw-event fast path: reads RequestTiming single-object messages (current writer schema)
 * straight into the Native columns of a {@link TimingBlock}, byte for byte, without building Avro
 * objects or Java strings. The field order and kinds come from the schema ({@link TimingColumns}).
 * {@link #tryAppend} judges the event by the values it reads on the way ({@link FastTimingRules}):
 * one parse decodes, checks and encodes a valid event. The same parse validates a message without
 * output ({@link #validate}). Produces exactly the bytes of the generic column encoders (checked by
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
  private static final Kind[] FIELDS = TimingBlock.FIELDS;

  private static final FastTimingRules.Check[] CHECKS = FastTimingRules.CHECKS;

  /** An enum field's symbols by index (null for other fields). */
  private static final String[][] SYMBOLS =
      TimingColumns.ALL.stream()
          .map(c -> c.kind() == Kind.ENUM ? c.symbols().toArray(String[]::new) : null)
          .toArray(String[][]::new);

  private final List<String> columns;

  /** Where rows go; null for a validator. */
  private final TimingBlock block;

  private int pos;
  private byte[] b;

  /** While judging: the rules, and whether every value read so far is one they surely accept. */
  private FastTimingRules rules;

  private long sentAtMs;
  private boolean sure;
  private long eventTimeMs;
  private final long[] ints = new long[FIELDS.length];
  private final double[] doubles = new double[FIELDS.length];
  private final boolean[] present = new boolean[FIELDS.length];

  /** A parser writing into {@code block} (null: validate only). */
  public TimingNativeEncoder(List<String> columns, TimingBlock block) {
    if (columns.size() != FIELDS.length) {
      throw new IllegalArgumentException("request_timings has " + FIELDS.length + " columns");
    }
    this.columns = columns;
    this.block = block;
  }

  /** Parses a whole message without output; throws with a reason if it is not a valid row. */
  public static void validate(byte[] message, List<String> columns) {
    new TimingNativeEncoder(columns, null).parse(message);
  }

  /** One Native block of the messages, which {@link #validate} accepted. */
  public static BinaryOut encode(List<byte[]> messages, List<String> columns) {
    TimingBlock block = new TimingBlock(messages.size());
    TimingNativeEncoder e = new TimingNativeEncoder(columns, block);
    List<TimingRow> rows = new java.util.ArrayList<>(messages.size());
    for (byte[] m : messages) {
      rows.add(new TimingRow(block, e.append(m), m));
    }
    return TimingBlock.encode(rows, columns);
  }

  /**
   * Writes a message that is known to be a valid row (the event rules passed, {@link #validate}
   * accepted it) as the next row of the block; returns its index. On any failure the block is left
   * as it was.
   */
  public int append(byte[] message) {
    rules = null;
    int row = -1;
    try {
      parse(message);
      row = block.endRow();
      return row;
    } finally {
      if (row < 0) {
        block.dropPartialRow();
      }
    }
  }

  /**
   * One parse that decodes, judges and encodes: writes the message as the next row and returns its
   * index if it is a well-formed current-schema body that the event rules surely accept (judged
   * against {@code sentAtMs}, the record's Kafka timestamp); otherwise leaves the block as it was
   * and returns -1, and the caller decides with the full decoder and {@link
   * dev.r1lat.schema.TimingRules}, which name the reason.
   */
  public int tryAppend(byte[] message, FastTimingRules rules, long sentAtMs) {
    this.rules = rules;
    this.sentAtMs = sentAtMs;
    this.sure = true;
    int row = -1;
    try {
      parse(message);
      if (sure && rowRules()) {
        row = block.endRow();
      }
    } catch (RuntimeException e) { // NOPMD: any doubt is the full decoder's to resolve
      row = -1;
    } finally {
      if (row < 0) {
        block.dropPartialRow();
      }
      this.rules = null;
    }
    return row;
  }

  /** The rules that span fields: event time, cached <= prompt tokens, network in + out. */
  private boolean rowRules() {
    if (!rules.eventTime(eventTimeMs, sentAtMs)) {
      return false;
    }
    int p = FastTimingRules.PROMPT_TOKENS;
    int c = FastTimingRules.CACHED_PROMPT_TOKENS;
    if (present[p] && present[c] && ints[c] > ints[p]) {
      return false;
    }
    int in = FastTimingRules.NETWORK_IN;
    int out = FastTimingRules.NETWORK_OUT;
    return !(present[in] && present[out]) || rules.networkTotal(doubles[in], doubles[out]);
  }

  private void parse(byte[] message) {
    this.b = message;
    this.pos = HEADER;
    try {
      for (int i = 0; i < FIELDS.length; i++) {
        field(i, block != null);
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
    BinaryOut d = write ? block.data[i] : null;
    present[i] = true;
    if (k.nullable()) {
      int start = pos;
      long branch = zigzag();
      if (branch != 0 && branch != 1) {
        throw new InvalidRecordException("corrupt RequestTiming body: union branch " + branch);
      }
      sure &= pos - start <= 5; // as strict as FastTimingDecoder's int
      boolean isNull = branch == 0;
      if (write) {
        block.nulls[i].uint8(isNull ? 1 : 0);
      }
      if (isNull) {
        present[i] = false;
        if (write) {
          placeholder(k, d);
        }
        return;
      }
    }
    switch (k) {
      case STRING, NULLABLE_STRING -> string(i, d);
      case MILLIS -> {
        int start = pos;
        long v = zigzag();
        sure &= pos - start <= 9; // a 10-byte varint: the full decoder's to judge
        if (CHECKS[i] == FastTimingRules.Check.EVENT_TIME) {
          eventTimeMs = v;
        }
        if (write) {
          d.int64(v);
        }
      }
      case BOOL, NULLABLE_BOOL -> {
        int v = b[pos++];
        sure &= v == 0 || v == 1;
        if (write) {
          d.uint8(v);
        }
      }
      case ENUM -> {
        int start = pos;
        long idx = zigzag();
        String[] symbols = SYMBOLS[i];
        if (idx < 0 || idx >= symbols.length) {
          throw new InvalidRecordException(
              "corrupt RequestTiming body: " + columns.get(i) + " " + idx);
        }
        sure &= pos - start <= 5;
        if (write) {
          d.string(symbols[(int) idx]);
        }
      }
      case NULLABLE_UINT32 -> {
        int start = pos;
        long v = zigzag();
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw new InvalidRecordException(
              "RequestTiming." + columns.get(i) + " = " + v + " is negative");
        }
        sure &= pos - start <= 5;
        ints[i] = v;
        if (write) {
          d.int32((int) v);
        }
      }
      case NULLABLE_DOUBLE, DOUBLE -> {
        if (pos + 8 > b.length) {
          throw new ArrayIndexOutOfBoundsException();
        }
        if (rules != null && CHECKS[i] == FastTimingRules.Check.TIMING) {
          double v = littleEndianDouble();
          doubles[i] = v;
          sure &= rules.timing(v);
        }
        if (write) {
          d.bytes(b, pos, 8);
        }
        pos += 8;
      }
    }
  }

  private double littleEndianDouble() {
    long bits = 0;
    for (int j = 7; j >= 0; j--) {
      bits = (bits << 8) | (b[pos + j] & 0xff);
    }
    return Double.longBitsToDouble(bits);
  }

  private static void placeholder(Kind k, BinaryOut d) {
    switch (k) {
      case NULLABLE_STRING -> d.varint(0);
      case NULLABLE_UINT32 -> d.int32(0);
      case NULLABLE_BOOL -> d.uint8(0);
      default -> d.int64(0); // NULLABLE_DOUBLE: 8 zero bytes = 0.0
    }
  }

  private void string(int i, BinaryOut d) {
    int start = pos;
    long len = zigzag();
    if (len < 0 || pos + len > b.length) {
      throw new InvalidRecordException("corrupt RequestTiming body: string length " + len);
    }
    if (rules != null) {
      sure &= pos - start <= 9;
      FastTimingRules.Check c = CHECKS[i];
      if (c == FastTimingRules.Check.ID || c == FastTimingRules.Check.LABEL) {
        sure &= FastTimingRules.text(b, pos, (int) len, c == FastTimingRules.Check.LABEL);
      }
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
