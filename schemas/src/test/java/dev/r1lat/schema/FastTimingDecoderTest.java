package dev.r1lat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastTimingDecoderTest {
  private final AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
  private final FastTimingDecoder fast = new FastTimingDecoder();

  private static Double maybe(Random r, double v) {
    return r.nextInt(3) == 0 ? null : v;
  }

  private static Integer maybeInt(Random r) {
    return r.nextInt(3) == 0 ? null : r.nextInt(1 << 20) - 5;
  }

  static RequestTiming random(Random r) {
    return RequestTiming.newBuilder()
        .setRequestId("réq-" + r.nextLong())
        .setEventTimeMs(r.nextLong())
        .setRegion(r.nextBoolean() ? "eu-west" : "ap-南")
        .setTier("H100")
        .setModel("deepseek-r1-distill-qwen-32b")
        .setQuantization(r.nextBoolean() ? null : "fp8")
        .setServerId(r.nextBoolean() ? null : "pod-" + r.nextInt())
        .setStreaming(r.nextBoolean())
        .setStatus(RequestStatus.values()[r.nextInt(RequestStatus.values().length)])
        .setErrorCode(r.nextBoolean() ? null : "E" + r.nextInt(100))
        .setPromptTokens(maybeInt(r))
        .setCachedPromptTokens(maybeInt(r))
        .setReasoningTokens(maybeInt(r))
        .setAnswerTokens(maybeInt(r))
        .setResponseCacheHit(r.nextInt(3) == 0 ? null : r.nextBoolean())
        .setBatchSize(maybeInt(r))
        .setNetworkInMs(maybe(r, r.nextDouble()))
        .setQueueMs(maybe(r, r.nextGaussian()))
        .setPreprocessMs(maybe(r, 1e9 * r.nextDouble()))
        .setPrefillMs(maybe(r, r.nextDouble()))
        .setTtftMs(maybe(r, r.nextDouble()))
        .setTtfoMs(maybe(r, Double.NaN))
        .setDecodeMs(maybe(r, r.nextDouble()))
        .setMaxInterTokenGapMs(maybe(r, -0.0))
        .setPostprocessMs(maybe(r, r.nextDouble()))
        .setNetworkOutMs(maybe(r, r.nextDouble()))
        .setE2eMs(r.nextDouble() * 1e6)
        .build();
  }

  @Test
  void shouldBeActiveForTheCommittedSchema() {
    assertThat(FastTimingDecoder.enabled()).as(FastTimingDecoder.layoutDrift()).isTrue();
  }

  @Test
  void shouldDecodeExactlyLikeAvroOnRandomRecords() {
    Random r = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = codec.encode(random(r));
      assertThat(fast.decode(bytes)).isEqualTo(codec.decode(bytes));
    }
  }

  @Test
  void shouldReadEveryValidV1RecordOnTheFastPath() {
    Random r = new Random(9);
    for (int i = 0; i < 5_000; i++) {
      RequestTiming t = random(r);
      assertThat(fast.tryFast(codec.encode(t))).isEqualTo(t);
    }
  }

  @Test
  void shouldFallBackToTheFullDecoderWithItsReasonOnBadBytes() {
    byte[] bytes = codec.encode(random(new Random(1)));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> fast.decode(truncated))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("corrupt RequestTiming body");
    assertThatThrownBy(() -> fast.decode("nope".getBytes()))
        .hasMessageContaining("not Avro single-object encoded");
  }

  @Test
  void shouldReuseTheLabelStringsOfEarlierRecords() {
    Random r = new Random(11);
    RequestTiming first = fast.decode(codec.encode(random(r)));
    RequestTiming second = fast.decode(codec.encode(random(r)));
    assertThat(second.getTier()).isSameAs(first.getTier());
    assertThat(second.getModel()).isSameAs(first.getModel());
    assertThat(second.getRequestId()).isNotEqualTo(first.getRequestId());
  }
}
