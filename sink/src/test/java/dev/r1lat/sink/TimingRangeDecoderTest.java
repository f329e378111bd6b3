package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.FastTimingRules;
import dev.r1lat.sink.write.RejectedRecordException;
import org.junit.jupiter.api.Test;

/**
 * Valid events of the current schema take the one parse; only the events it is not sure of pay for
 * the full decision. (Verdicts and rows of both paths are compared in TimingSinglePassTest; this
 * keeps the one parse from silently deferring everything to the slow path.)
 */
class TimingRangeDecoderTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  private static TimingRangeDecoder decoder(int records) {
    var rules = SinkSettings.DEFAULT_TIMING_RULES;
    return new TimingRangeDecoder(rules, new FastTimingRules(rules), records);
  }

  private static RequestTiming everyFieldSet(int i) {
    return RequestTiming.newBuilder(TestData.timing(i))
        .setQuantization("fp8")
        .setErrorCode("E" + i)
        .setCachedPromptTokens(i % 100)
        .setBatchSize(8)
        .setResponseCacheHit(i % 2 == 0)
        .setNetworkInMs(1.5)
        .setQueueMs(20.0)
        .setPreprocessMs(2.0)
        .setPrefillMs(100.0)
        .setTtfoMs(900.0)
        .setMaxInterTokenGapMs(80.0)
        .setPostprocessMs(1.0)
        .setNetworkOutMs(1.5)
        .build();
  }

  @Test
  void shouldDecideValidEventsInTheOneParseWithoutTheFullDecoder() {
    TimingRangeDecoder d = decoder(2_000);
    for (int i = 0; i < 1_000; i++) {
      d.decode(CODEC.encode(TestData.timing(i)), TestData.T0 + i * 10L);
      d.decode(CODEC.encode(everyFieldSet(i)), TestData.T0 + i * 10L);
    }
    assertThat(d.fullDecisions()).isZero();
  }

  @Test
  void shouldLeaveOnlyTheEventsItIsNotSureOfToTheFullDecision() {
    TimingRangeDecoder d = decoder(4);
    byte[] nonAscii =
        CODEC.encode(RequestTiming.newBuilder(TestData.timing(1)).setRegion("eu-wést").build());
    byte[] negative =
        CODEC.encode(RequestTiming.newBuilder(TestData.timing(2)).setTtftMs(-5.0).build());

    d.decode(CODEC.encode(TestData.timing(0)), TestData.T0);
    assertThat(d.decode(nonAscii, TestData.T0).index()).isEqualTo(1);
    assertThatThrownBy(() -> d.decode(negative, TestData.T0))
        .isInstanceOf(RejectedRecordException.class)
        .hasMessage("ttftMs must not be negative (was -5.0)");
    assertThat(d.decode(CODEC.encode(TestData.timing(3)), TestData.T0).index()).isEqualTo(2);

    assertThat(d.fullDecisions()).isEqualTo(2);
  }
}
