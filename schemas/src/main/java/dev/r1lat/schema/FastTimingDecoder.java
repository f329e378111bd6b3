package dev.r1lat.schema;

import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.slf4j.LoggerFactory;

/**
 * Decodes the hot-path input without Avro's generic reader machinery: for bytes written with the
 * committed RequestTiming version it reads ({@link #READS_VERSION}; single-object fingerprint
 * checked), the body is read field by field in schema order straight into a RequestTiming. Any
 * other writer schema, and any bytes this reader cannot parse, go through {@link AvroCodec}, which
 * resolves schemas and names the problem. The fast path switches itself off when the generated
 * class is no longer that version, so a schema change can never be misread; it says so in a warning
 * that names the fields it does not read ({@link #layoutDrift}), and FastTimingDecoderLayoutTest
 * fails on the same text until {@link #readFields} and {@link #READS_VERSION} follow the schema.
 *
 * <p>The fast path trusts nothing in the bytes either: every length is checked against the bytes
 * that remain before a string is built, varints, booleans, enum and union indexes are read as
 * strictly as {@link AvroBodyCheck} reads them, and trailing bytes are refused. Whatever it refuses
 * or trips over (any throwable but the fatal ones of {@link DecodeFailures}) goes to the full
 * decoder, which names the reason; so every failure is an {@link InvalidRecordException}.
 *
 * <p>The streams app and the sink both decode with it, so they read every record identically before
 * applying the same {@link TimingRules}. Not thread-safe: one instance per thread.
 */
public final class FastTimingDecoder {
  /**
   * The committed RequestTiming version (avro-history/RequestTiming/vN) {@link #readFields} reads.
   */
  static final int READS_VERSION = 1;

  private static final Schema READS =
      SchemaHistory.versions("RequestTiming").get(READS_VERSION - 1);
  private static final long READS_FINGERPRINT = SchemaNormalization.parsingFingerprint64(READS);
  private static final String DRIFT = LayoutDrift.between(READS, RequestTiming.getClassSchema());
  private static final boolean ENABLED =
      SchemaNormalization.parsingFingerprint64(RequestTiming.getClassSchema()) == READS_FINGERPRINT;
  private static final RequestStatus[] STATUSES = RequestStatus.values();

  static {
    if (!ENABLED) {
      LoggerFactory.getLogger(FastTimingDecoder.class)
          .warn(
              "FastTimingDecoder is off, every RequestTiming takes the slower generic decoder:"
                  + " it reads RequestTiming v{} and the schema differs: {}",
              READS_VERSION,
              DRIFT);
    }
  }

  private final AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
  private final LabelStrings labels = new LabelStrings();
  private byte[] buf;
  private int pos;

  /** The record, or {@link InvalidRecordException} with the reason the full decoder gives. */
  public RequestTiming decode(byte[] bytes) {
    RequestTiming fast = tryFast(bytes);
    return fast != null ? fast : codec.decode(bytes);
  }

  /** The record read by the fast path, or null when it does not apply or refuses the bytes. */
  RequestTiming tryFast(byte[] bytes) {
    if (!ENABLED
        || bytes == null
        || bytes.length <= AvroCodec.HEADER_BYTES
        || (bytes[0] & 0xff) != 0xC3
        || bytes[1] != 0x01
        || AvroCodec.fingerprint(bytes) != READS_FINGERPRINT) {
      return null;
    }
    try {
      return readFields(bytes);
    } catch (Throwable e) {
      if (DecodeFailures.isFatal(e)) {
        throw e;
      }
      return null; // the full decoder gives the precise reason
    } finally {
      buf = null; // keep no reference to a record, however large, after it is decoded
    }
  }

  /** One read per field of RequestTiming v{@link #READS_VERSION}, in schema order. */
  private RequestTiming readFields(byte[] bytes) {
    buf = bytes;
    pos = AvroCodec.HEADER_BYTES;
    RequestTiming t = new RequestTiming();
    t.setRequestId(string());
    t.setEventTimeMs(varLong());
    t.setRegion(label());
    t.setTier(label());
    t.setModel(label());
    t.setQuantization(optString());
    t.setServerId(optString());
    t.setStreaming(bool());
    t.setStatus(STATUSES[index(STATUSES.length)]);
    t.setErrorCode(optString());
    t.setPromptTokens(optInt());
    t.setCachedPromptTokens(optInt());
    t.setReasoningTokens(optInt());
    t.setAnswerTokens(optInt());
    t.setResponseCacheHit(optBool());
    t.setBatchSize(optInt());
    t.setNetworkInMs(optDouble());
    t.setQueueMs(optDouble());
    t.setPreprocessMs(optDouble());
    t.setPrefillMs(optDouble());
    t.setTtftMs(optDouble());
    t.setTtfoMs(optDouble());
    t.setDecodeMs(optDouble());
    t.setMaxInterTokenGapMs(optDouble());
    t.setPostprocessMs(optDouble());
    t.setNetworkOutMs(optDouble());
    t.setE2eMs(readDouble());
    if (pos != buf.length) {
      throw new InvalidRecordException("trailing bytes"); // the full decoder says how many
    }
    return t;
  }

  /** Avro zig-zag varint of at most 10 bytes. */
  private long varLong() {
    long raw = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      byte b = buf[pos++]; // past the end: ArrayIndexOutOfBounds, which falls back
      raw |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new InvalidRecordException("varint too long");
  }

  /** Avro int: a varint of at most 5 bytes whose value fits 32 bits. */
  private int varInt() {
    int start = pos;
    long v = varLong();
    if (pos - start > 5 || v != (int) v) {
      throw new InvalidRecordException("int out of range");
    }
    return (int) v;
  }

  private int index(int size) {
    int i = varInt();
    if (i < 0 || i >= size) {
      throw new InvalidRecordException("index " + i + " of " + size);
    }
    return i;
  }

  private String string() {
    int len = stringLength();
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /**
   * A dimension label: few distinct values, so the same instance is returned for the same bytes.
   */
  private String label() {
    int len = stringLength();
    String s = labels.get(buf, pos, len);
    pos += len;
    return s;
  }

  private int stringLength() {
    long len = varLong();
    // checked before anything is sized by it: a claimed 2 GB string in a 15-byte record stops here
    if (len < 0 || len > buf.length - pos) {
      throw new InvalidRecordException("string length " + len);
    }
    return (int) len;
  }

  private boolean bool() {
    byte b = buf[pos++];
    if (b != 0 && b != 1) {
      throw new InvalidRecordException("boolean byte " + b);
    }
    return b == 1;
  }

  private boolean isNull() {
    return index(2) == 0; // union branch 0 is null in every optional field
  }

  private String optString() {
    return isNull() ? null : string();
  }

  private Integer optInt() {
    return isNull() ? null : varInt();
  }

  private Boolean optBool() {
    return isNull() ? null : bool();
  }

  private Double optDouble() {
    return isNull() ? null : readDouble();
  }

  private double readDouble() {
    if (buf.length - pos < 8) {
      throw new InvalidRecordException("truncated double");
    }
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = (bits << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  public static boolean enabled() {
    return ENABLED;
  }

  /**
   * How the generated RequestTiming differs from the version the fast path reads, field by field;
   * empty when the fast path is on.
   */
  public static String layoutDrift() {
    return DRIFT;
  }
}
