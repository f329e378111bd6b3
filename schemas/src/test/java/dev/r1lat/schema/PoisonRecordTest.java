package dev.r1lat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of undecodable record, through both decoders of the input (the fast path and the full
 * Avro codec): always an {@link InvalidRecordException} with a one-line reason, never another
 * exception, never an Error, and never an allocation sized by a length the bytes claim.
 */
class PoisonRecordTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final long V1 =
      SchemaNormalization.parsingFingerprint64(SchemaHistory.versions("RequestTiming").get(0));

  static Stream<Named<Function<byte[], Object>>> decoders() {
    FastTimingDecoder fast = new FastTimingDecoder();
    return Stream.of(
        Named.of("FastTimingDecoder", fast::decode), Named.of("AvroCodec", CODEC::decode));
  }

  /** Single-object header with the given fingerprint, then {@code body}. */
  static byte[] withHeader(long fingerprint, byte... body) {
    byte[] b = new byte[10 + body.length];
    b[0] = (byte) 0xC3;
    b[1] = 0x01;
    for (int i = 0; i < 8; i++) {
      b[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    System.arraycopy(body, 0, b, 10, body.length);
    return b;
  }

  static byte[] zigzag(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7fL) != 0) {
      out.write((int) ((z & 0x7f) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  static String reasonOf(Function<byte[], Object> decoder, byte[] bytes) {
    try {
      Object decoded = decoder.apply(bytes);
      return fail("decoded poison into " + decoded);
    } catch (InvalidRecordException e) {
      assertThat(e.reasonClass()).isEqualTo(InvalidRecordException.UNDECODABLE);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").hasSizeLessThan(320);
      return e.getMessage();
    }
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void shouldRefuseAFifteenByteRecordClaimingATwoGigabyteString(Function<byte[], Object> decoder) {
    byte[] poison = withHeader(V1, zigzag(2_000_000_000L));
    assertThat(poison).hasSize(15);
    reasonOf(decoder, new byte[0]); // warm up the decoder's own one-off allocations
    long before = allocatedBytes();
    String reason = reasonOf(decoder, poison);
    assertThat(allocatedBytes() - before).isLessThan(1 << 20);
    assertThat(reason).contains("length 2000000000");
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void shouldRefuseANegativeLength(Function<byte[], Object> decoder) {
    assertThat(reasonOf(decoder, withHeader(V1, zigzag(-7)))).contains("length -7");
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void shouldRefuseEveryTruncationOfAValidRecord(Function<byte[], Object> decoder) {
    byte[] valid = CODEC.encode(FastTimingDecoderTest.random(new Random(3)));
    for (int len = 0; len < valid.length; len++) {
      reasonOf(decoder, Arrays.copyOf(valid, len));
    }
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void shouldRefuseTrailingGarbage(Function<byte[], Object> decoder) {
    byte[] valid = CODEC.encode(AvroCodecTest.timing());
    byte[] longer = Arrays.copyOf(valid, valid.length + 3);
    assertThat(reasonOf(decoder, longer)).contains("3 trailing bytes");
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void shouldRefuseAnUnknownFingerprint(Function<byte[], Object> decoder) {
    byte[] valid = CODEC.encode(AvroCodecTest.timing());
    byte[] body = Arrays.copyOfRange(valid, 10, valid.length);
    assertThat(reasonOf(decoder, withHeader(V1 ^ 0x5a5a, body))).contains("unknown writer schema");
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void shouldRefuseABooleanThatIsNeitherZeroNorOne(Function<byte[], Object> decoder) {
    // requestId "a", eventTimeMs 1, region/tier/model "a", two null optionals, then streaming = 2
    byte[] body = {2, 'a', 2, 2, 'a', 2, 'a', 2, 'a', 0, 0, 2};
    assertThat(reasonOf(decoder, withHeader(V1, body))).contains("boolean byte 2");
  }

  @ParameterizedTest
  @MethodSource("decoders")
  void shouldNeverThrowAnythingButInvalidRecordOnRandomCorruption(
      Function<byte[], Object> decoder) {
    Random r = new Random(17);
    FastTimingDecoder fast = new FastTimingDecoder();
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = CODEC.encode(FastTimingDecoderTest.random(r));
      for (int flips = 1 + r.nextInt(3); flips > 0; flips--) {
        bytes[10 + r.nextInt(bytes.length - 10)] = (byte) r.nextInt(256);
      }
      try {
        Object decoded = decoder.apply(bytes);
        // whatever one decoder accepts, the other reads identically
        assertThat(CODEC.decode(bytes)).isEqualTo(decoded).isEqualTo(fast.decode(bytes));
      } catch (InvalidRecordException e) {
        assertThat(e.getMessage()).doesNotContain("\n");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("hugeMapCounts")
  void shouldRefuseAHugeMapCountWithoutSizingAMap(long count) throws Exception {
    AvroCodec<LatencyWindowStats> stats = AvroCodec.of(LatencyWindowStats.class);
    Schema schema = LatencyWindowStats.getClassSchema();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(body, null);
    Map<String, Object> prefix = Map.of("windowStartMs", 0L, "windowEndMs", 60_000L);
    for (Schema.Field f : schema.getFields()) {
      if (f.name().equals("dimensions")) {
        break;
      }
      new GenericDatumWriter<Object>(f.schema()).write(prefix.getOrDefault(f.name(), "x"), enc);
    }
    enc.writeLong(count);
    enc.flush();
    byte[] poison =
        withHeader(SchemaNormalization.parsingFingerprint64(schema), body.toByteArray());
    long before = allocatedBytes();
    assertThat(reasonOf(stats::decode, poison)).contains("count");
    assertThat(allocatedBytes() - before).isLessThan(1 << 20);
  }

  static Stream<Long> hugeMapCounts() {
    return Stream.of(2_000_000_000L, 30_000_000L, -2_000_000_000L, Long.MIN_VALUE);
  }
}
