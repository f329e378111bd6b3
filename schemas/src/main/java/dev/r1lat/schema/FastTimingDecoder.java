package dev.r1lat.schema;

import java.nio.charset.StandardCharsets;
import org.apache.avro.SchemaNormalization;

/**
 * Decodes the hot-path input without Avro's generic reader machinery: for bytes written with the
 * RequestTiming v1 schema (single-object fingerprint checked), the body is read field by field in
 * schema order straight into a RequestTiming. Any other writer schema, and any bytes this reader
 * cannot parse, go through {@link AvroCodec}, which resolves schemas and names the problem. The
 * fast path switches itself off when the generated class is no longer v1, so a schema change can
 * never be misread; a test compares both decoders on random records.
 *
 * <p>The streams app and the sink both decode with it, so they read every record identically before
 * applying the same {@link TimingRules}. Not thread-safe: one instance per thread.
 */
public final class FastTimingDecoder {
  private static final long V1_FINGERPRINT =
      SchemaNormalization.parsingFingerprint64(SchemaHistory.versions("RequestTiming").get(0));
  private static final boolean ENABLED =
      SchemaNormalization.parsingFingerprint64(RequestTiming.getClassSchema()) == V1_FINGERPRINT;
  private static final RequestStatus[] STATUSES = RequestStatus.values();

  private final AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
  private byte[] buf;
  private int pos;

  /** The record, or {@link InvalidRecordException} with the reason the full decoder gives. */
  public RequestTiming decode(byte[] bytes) {
    if (ENABLED
        && bytes != null
        && bytes.length > 10
        && (bytes[0] & 0xff) == 0xC3
        && bytes[1] == 0x01
        && fingerprint(bytes) == V1_FINGERPRINT) {
      try {
        return readV1(bytes);
      } catch (RuntimeException e) {
        // fall through: the full decoder gives the precise reason
      }
    }
    return codec.decode(bytes);
  }

  private static long fingerprint(byte[] b) {
    long fp = 0;
    for (int i = 9; i >= 2; i--) {
      fp = (fp << 8) | (b[i] & 0xff);
    }
    return fp;
  }

  private RequestTiming readV1(byte[] bytes) {
    buf = bytes;
    pos = 10;
    RequestTiming t = new RequestTiming();
    t.setRequestId(string());
    t.setEventTimeMs(varLong());
    t.setRegion(string());
    t.setTier(string());
    t.setModel(string());
    t.setQuantization(optString());
    t.setServerId(optString());
    t.setStreaming(buf[pos++] != 0);
    t.setStatus(STATUSES[(int) varLong()]);
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
      throw new InvalidRecordException("trailing bytes");
    }
    return t;
  }

  /** Avro zig-zag varint. */
  private long varLong() {
    long raw = 0;
    int shift = 0;
    byte b;
    do {
      b = buf[pos++];
      raw |= (long) (b & 0x7f) << shift;
      shift += 7;
    } while (b < 0 && shift < 64);
    return (raw >>> 1) ^ -(raw & 1);
  }

  private String string() {
    int len = (int) varLong();
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  private boolean isNull() {
    long branch = varLong(); // union branch 0 is null in every optional field of v1
    if (branch != 0 && branch != 1) {
      throw new InvalidRecordException("union branch " + branch); // the full decoder says more
    }
    return branch == 0;
  }

  private String optString() {
    return isNull() ? null : string();
  }

  private Integer optInt() {
    return isNull() ? null : (int) varLong();
  }

  private Boolean optBool() {
    return isNull() ? null : buf[pos++] != 0;
  }

  private Double optDouble() {
    return isNull() ? null : readDouble();
  }

  private double readDouble() {
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
}
