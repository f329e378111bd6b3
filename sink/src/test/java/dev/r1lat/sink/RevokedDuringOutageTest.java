package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.InMemoryBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A partition revoked while its batch is being retried (ClickHouse away) must not hold the
 * rebalance for as long as the outage lasts: the range is given up at its next back-off, nothing is
 * committed past its intent, and whoever owns the partition next replays it exactly once.
 */
class RevokedDuringOutageTest {
  private int commits;
  private static final String TOPIC = "r1.request-timings";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  @Test
  @org.junit.jupiter.api.Timeout(60) // without the give-up, the revocation waits for ever
  void shouldGiveUpARetryingBatchOfARevokedPartitionAndReplayItOnce() throws Exception {
    InMemoryBatchWriter store = new InMemoryBatchWriter();
    store.failNext(Integer.MAX_VALUE); // ClickHouse away for good, as far as this owner can tell
    Map<String, SinkTable<?>> tables = Map.of(TOPIC, SinkTables.REQUEST_TIMINGS);
    MockConsumer<byte[], byte[]> consumer =
        new MockConsumer<>("earliest") {
          @Override
          public synchronized void commitSync(
              Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets) {
            commits++;
            super.commitSync(offsets);
          }
        };
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    KafkaSink sink =
        SinkHarness.sink(
            consumer, tables, store, new DeadLetters.Collected(), SinkHarness.settings(50), TP);
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    for (int i = 0; i < 50; i++) {
      consumer.addRecord(SinkHarness.record(TP, i, TestData.T0, codec.encode(TestData.timing(i))));
    }
    SinkHarness.pollUntil(sink, () -> store.attempts() >= 3);

    // what the broker holds now: the intent (MockConsumer.rebalance itself then commits the
    // positions of revoked partitions, which a real consumer without auto-commit never does)
    var left = consumer.committed(Set.of(TP)).get(TP);
    assertThat(left.offset()).isZero();
    assertThat(OffsetIntent.parse(left.metadata())).hasValue(49);
    long t0 = System.nanoTime();
    consumer.rebalance(List.of()); // revoked: the listener waits for the round in flight
    sink.pollOnce(java.time.Duration.ZERO);
    assertThat((System.nanoTime() - t0) / 1_000_000)
        .as("ms the rebalance waited")
        .isLessThan(5_000);
    assertThat(commits).as("the intent only: nothing committed past it").isEqualTo(1);

    store.failNext(0);
    MockConsumer<byte[], byte[]> next = SinkHarness.consumer(Map.of(TP, left), TP);
    KafkaSink owner =
        SinkHarness.sink(
            next, tables, store, new DeadLetters.Collected(), SinkHarness.settings(20), TP);
    for (int i = 0; i < 50; i++) {
      next.addRecord(SinkHarness.record(TP, i, TestData.T0, codec.encode(TestData.timing(i))));
    }
    SinkHarness.drain(owner);
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(50).doesNotHaveDuplicates();
  }
}
