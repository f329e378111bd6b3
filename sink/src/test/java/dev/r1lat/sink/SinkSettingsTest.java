package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {
  @Test
  void shouldBuildTestDefaultsFromTheKeyDefaultsWithTheGivenBroker() {
    SinkSettings s = SinkSettings.defaults("10.0.0.1:9092", "g1", "it-1.");

    assertThat(s.bootstrapServers()).isEqualTo("10.0.0.1:9092");
    assertThat(s.groupId()).isEqualTo("g1");
    assertThat(s.dlqTopic()).isEqualTo("it-1.r1.sink.dlq");
    assertThat(s.maxRows()).isEqualTo(100_000);
    assertThat(s.maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.kafkaOverrides()).isEmpty();
  }

  @Test
  void shouldApplyOverridesByKeyName() {
    SinkSettings s =
        SinkSettings.of("b:9092", Map.of("sink.batch.max-rows", "7", "sink.writer-threads", "0"));

    assertThat(s.maxRows()).isEqualTo(7);
    assertThat(s.writerThreads()).isEqualTo(1);
    assertThat(s.bootstrapServers()).isEqualTo("b:9092");
  }
}
