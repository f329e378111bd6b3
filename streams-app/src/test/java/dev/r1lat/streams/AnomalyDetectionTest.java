package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.DetectorState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class AnomalyDetectionTest {
  private final MockProcessorContext<String, LatencyAnomaly> ctx = new MockProcessorContext<>();
  private final KeyValueStore<String, byte[]> store =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(AnomalyDetection.STATE_STORE),
              Serdes.String(),
              Serdes.ByteArray())
          .withLoggingDisabled()
          .build();
  private final AnomalyDetection detection =
      new AnomalyDetection(new AnomalyEngine(DetectorConfig.defaults()), ONE_MINUTE);

  private static LatencyWindowStats window(String region, long start) {
    return LatencyWindowStats.newBuilder()
        .setWindowStartMs(start)
        .setWindowEndMs(start + ONE_MINUTE)
        .setRegion(region)
        .setTier("H100")
        .setDimensions(Map.of())
        .setComponent("e2e")
        .setCount(100)
        .setP50(900)
        .setP90(1500)
        .setP95(1700)
        .setP99(2000)
        .setP999(2500)
        .setMean(1000)
        .setMax(3000)
        .setSketch(ByteBuffer.allocate(0))
        .build();
  }

  private DetectorState state(String region) {
    return DetectorState.fromBytes(store.get(region + "|H100#e2e"));
  }

  private void send(String region, long start) {
    detection.process(new Record<>(region + "|H100", window(region, start), start));
  }

  @Test
  void shouldFeedGapsAndTrailingSilenceToTheDetector() {
    ctx.setCurrentSystemTimeMs(1_000_000);
    store.init(ctx.getStateStoreContext(), store);
    ctx.addStateStore(store);
    detection.init(ctx);

    for (int m = 0; m < 10; m++) {
      send("eu-west", T0 + m * ONE_MINUTE);
      if (m < 4 || m == 7) {
        send("us-east", T0 + m * ONE_MINUTE); // us-east: gap at 4..6, silent after 7
      }
    }
    assertThat(state("us-east").windowsSeen()).as("4 + 3 silent + 1").isEqualTo(8);
    assertThat(state("us-east").lastWindowStartMs()).isEqualTo(T0 + 7 * ONE_MINUTE);

    var punctuator = ctx.scheduledPunctuators().get(0).getPunctuator();
    punctuator.punctuate(1_000_000 + 5_000); // not settled yet: nothing changes
    assertThat(state("us-east").lastWindowStartMs()).isEqualTo(T0 + 7 * ONE_MINUTE);

    punctuator.punctuate(1_000_000 + AnomalyDetection.SETTLE.toMillis());
    // newest window 9 is settled; windows before 9 - (lag - 1) = 7 are silent: none new
    assertThat(state("us-east").lastWindowStartMs()).isEqualTo(T0 + 7 * ONE_MINUTE);

    ctx.setCurrentSystemTimeMs(2_000_000);
    for (int m = 10; m < 14; m++) {
      send("eu-west", T0 + m * ONE_MINUTE);
    }
    punctuator.punctuate(2_000_000 + AnomalyDetection.SETTLE.toMillis());
    // newest settled window 13: us-east is told windows 8..10 were silent (lag of 3 windows)
    assertThat(state("us-east").lastWindowStartMs()).isEqualTo(T0 + 10 * ONE_MINUTE);
    assertThat(state("eu-west").lastWindowStartMs()).isEqualTo(T0 + 13 * ONE_MINUTE);
  }
}
