package dev.r1lat.schema;

import static dev.r1lat.schema.SchemaEvolutionTest.assertThatInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
  private final AvroCodec<RequestTiming> timings = AvroCodec.of(RequestTiming.class);

  static RequestTiming timing() {
    return RequestTiming.newBuilder()
        .setRequestId("req-42")
        .setEventTimeMs(1_700_000_000_000L)
        .setRegion("eu-west")
        .setTier("H100")
        .setModel("deepseek-r1")
        .setStatus(RequestStatus.OK)
        .setReasoningTokens(900)
        .setAnswerTokens(150)
        .setTtftMs(420.0)
        .setTtfoMs(9_800.0)
        .setE2eMs(12_000.0)
        .build();
  }

  @Test
  void shouldRoundTripARequestTimingWithNullOptionals() {
    RequestTiming original = timing();
    RequestTiming copy = timings.decode(timings.encode(original));
    assertThat(copy).isEqualTo(original);
    assertThat(copy.getQueueMs()).isNull();
  }

  @Test
  void shouldStartWithTheSingleObjectMarkerAndFingerprint() {
    byte[] bytes = timings.encode(timing());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(bytes.length).isGreaterThan(10);
  }

  @Test
  void shouldRoundTripWindowStatsAndAnomalies() {
    var stats =
        LatencyWindowStats.newBuilder()
            .setWindowStartMs(0)
            .setWindowEndMs(60_000)
            .setRegion("*")
            .setTier("H100")
            .setDimensions(Map.of("model", "deepseek-r1"))
            .setComponent("ttft")
            .setCount(10)
            .setP50(1)
            .setP90(2)
            .setP95(3)
            .setP99(4)
            .setP999(5)
            .setMean(1.5)
            .setMax(6)
            .setSketch(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .build();
    var codec = AvroCodec.of(LatencyWindowStats.class);
    assertThat(codec.decode(codec.encode(stats))).isEqualTo(stats);

    var anomaly =
        LatencyAnomaly.newBuilder()
            .setAnomalyId("a-1")
            .setKind(AnomalyKind.SLO_BREACH)
            .setState(AnomalyState.OPEN)
            .setRegion("eu-west")
            .setTier("H100")
            .setComponent("ttft")
            .setMetric("p99")
            .setObserved(4100)
            .setBaseline(1200.0)
            .setSeverity(Severity.CRITICAL)
            .setWindowStartMs(0)
            .setWindowEndMs(60_000)
            .setDetectedAtMs(61_000)
            .setReason("ttft p99 4.1 s vs baseline 1.2 s")
            .build();
    var anomalies = AvroCodec.of(LatencyAnomaly.class);
    assertThat(anomalies.decode(anomalies.encode(anomaly))).isEqualTo(anomaly);
  }

  @Test
  void shouldRejectGarbageWithAReason() {
    assertThatInvalid(() -> timings.decode("{\"json\":true}".getBytes()))
        .contains("not Avro single-object encoded");
  }

  @Test
  void shouldRejectATruncatedBodyWithAReason() {
    byte[] bytes = timings.encode(timing());
    byte[] truncated = Arrays.copyOf(bytes, 14);
    assertThatInvalid(() -> timings.decode(truncated)).contains("corrupt RequestTiming body");
  }

  @Test
  void shouldRejectATombstone() {
    assertThatInvalid(() -> timings.decode(null)).contains("tombstone");
  }
}
