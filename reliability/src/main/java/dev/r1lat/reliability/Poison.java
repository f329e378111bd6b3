package dev.r1lat.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Bodies that lead an Avro decoder astray behind a correct single-object header (marker {@code C3
 * 01} and RequestTiming's schema fingerprint): a length or index that promises far more than the
 * record holds, or less than nothing. RequestTiming has no array or map field; its counts of that
 * kind are the union branch and enum indexes, which a decoder must range-check the same way.
 */
final class Poison {
  private Poison() {}

  /** Marker and fingerprint of RequestTiming, taken from a real encoding. */
  static byte[] header() {
    return Arrays.copyOf(Malformations.encode(Malformations.valid(0, 1L)), 10);
  }

  /** The 15-byte record of issue 11: the header, then a request id length of 2e9 and nothing. */
  static byte[] hugeStringLength() {
    return body(e -> e.writeLong(2_000_000_000L));
  }

  /** A request id of length -5, followed by a few bytes. */
  static byte[] negativeLength(int i) {
    return body(
        e -> {
          e.writeLong(-5);
          e.writeFixed(("bad-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
  }

  /** Sound leading fields, then a union branch index of 1e9 for {@code quantization}. */
  static byte[] hugeUnionIndex(int i, long t) {
    return body(
        e -> {
          leading(e, i, t);
          e.writeIndex(1_000_000_000);
          e.writeString("fp8");
        });
  }

  /** Sound leading fields, two null unions, a boolean, then a status enum index of 2e9. */
  static byte[] hugeEnumIndex(int i, long t) {
    return body(
        e -> {
          leading(e, i, t);
          e.writeIndex(0); // quantization: null
          e.writeIndex(0); // serverId: null
          e.writeBoolean(false); // streaming
          e.writeEnum(2_000_000_000);
        });
  }

  /** The header and no body at all. */
  static byte[] headerOnly() {
    return header();
  }

  /** RequestTiming's first fields in order: requestId, eventTimeMs, region, tier, model. */
  private static void leading(BinaryEncoder e, int i, long t) throws IOException {
    e.writeString(Malformations.REQUEST_ID_PREFIX + i);
    e.writeLong(t);
    e.writeString("us-east");
    e.writeString("H100");
    e.writeString("deepseek-r1");
  }

  private interface Body {
    void write(BinaryEncoder e) throws IOException;
  }

  private static byte[] body(Body body) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(header());
      BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
      body.write(e);
      e.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
