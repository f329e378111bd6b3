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

  @Test
  void shouldChangeOnlyTheNamedFieldsInACopy() {
    SinkSettings s = SinkSettings.of("b:9092", Map.of("kafka.client.id", "c1"));

    SinkSettings copy =
        s.withBatching(10, Duration.ofMillis(5))
            .withWriterThreads(0)
            .withInserts(Duration.ofSeconds(3), 4);

    assertThat(copy.maxRows()).isEqualTo(10);
    assertThat(copy.maxDelay()).isEqualTo(Duration.ofMillis(5));
    assertThat(copy.writerThreads()).isEqualTo(1);
    assertThat(copy.insertTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(copy.maxPartitionsPerInsert()).isEqualTo(4);
    SinkSettings back =
        copy.toBuilder()
            .maxRows(s.maxRows())
            .maxDelay(s.maxDelay())
            .writerThreads(s.writerThreads())
            .insertTimeout(s.insertTimeout())
            .maxPartitionsPerInsert(s.maxPartitionsPerInsert())
            .build();
    assertThat(back).as("every other field is carried over").isEqualTo(s);
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }
}
