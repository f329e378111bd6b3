package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The replay runs on the stream thread, inside its open transaction: every call must end well
 * within the transaction timeout, whatever the broker does.
 */
class KafkaReplaySourceTest {
  private static final String TOPIC = "r1.request-timings";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  /** A log of offsets {@code [0, size)} on partition 0. */
  private static MockConsumer<byte[], byte[]> log(int size) {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    consumer.assign(List.of(TP));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    for (int o = 0; o < size; o++) {
      consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, o, new byte[0], new byte[] {(byte) o}));
    }
    return consumer;
  }

  private static KafkaReplaySource source(MockConsumer<byte[], byte[]> consumer, Duration bound) {
    return new KafkaReplaySource(() -> consumer, () -> consumer, true, bound);
  }

  @Test
  void shouldReadExactlyTheOffsetsAsked() {
    List<Long> read = new ArrayList<>();

    source(log(10), Duration.ofSeconds(5)).replay(TOPIC, 0, 3, 7, r -> read.add(r.offset()));

    assertThat(read).containsExactly(3L, 4L, 5L, 6L);
  }

  @Test
  void shouldGiveUpWithinItsBoundWhenTheOffsetsNeverArrive() {
    KafkaReplaySource source = source(log(5), Duration.ofMillis(300));

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> source.replay(TOPIC, 0, 0, 10, r -> {}))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("replay of " + TOPIC + "-0"));
  }

  @Test
  void shouldBoundEachCallToAThirdOfTheTransactionTimeoutLeftAfterOneCommit() {
    Properties props = StreamsConfigFactory.properties(StreamsSettings.defaults());

    Duration bound = StreamsConfigFactory.replayBound(props);

    // exactly-once: 10 s transaction timeout (Kafka Streams' default), 1 s commit interval
    assertThat(bound).isEqualTo(Duration.ofMillis((10_000 - 1_000) / 3));
    assertThat(bound.multipliedBy(2).plusSeconds(1)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void shouldFollowTheTransactionTimeoutAndThePollIntervalWhenSet() {
    Properties props = StreamsConfigFactory.properties(StreamsSettings.defaults());
    props.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), 61_000);
    assertThat(StreamsConfigFactory.replayBound(props)).isEqualTo(Duration.ofMillis(20_000));

    props.put(StreamsConfig.consumerPrefix("max.poll.interval.ms"), 31_000);
    assertThat(StreamsConfigFactory.replayBound(props)).isEqualTo(Duration.ofMillis(10_000));
  }

  @Test
  void shouldBoundByThePollIntervalWithoutTransactions() {
    Properties props = StreamsConfigFactory.properties(StreamsSettings.defaults());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);

    // at-least-once has no transaction; the consumer's 5 min poll interval is the limit
    assertThat(StreamsConfigFactory.replayBound(props))
        .isEqualTo(Duration.ofMillis((300_000 - 1_000) / 3));
  }
}
