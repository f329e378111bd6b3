package dev.r1lat.sink;

import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** The sink loop on MockConsumer, for the unit tests: no broker, no ClickHouse. */
final class SinkHarness {
  private SinkHarness() {}

  static SinkSettings settings(int maxRows) {
    return SinkSettings.of(
        "unused:9092",
        Map.of(
            "sink.group-id", "g",
            "sink.batch.max-rows", Integer.toString(maxRows),
            "sink.batch.max-delay", "1h",
            "sink.retry.initial", "1ms",
            "sink.retry.max", "2ms",
            "sink.poll-timeout", "0ms",
            "sink.recovery-timeout", "1m"));
  }

  /**
   * A consumer of {@code partitions}, with offsets an earlier process committed: {@code carried}.
   */
  static MockConsumer<byte[], byte[]> consumer(
      Map<TopicPartition, OffsetAndMetadata> carried, TopicPartition... partitions) {
    MockConsumer<byte[], byte[]> consumer =
        new MockConsumer<>("earliest") {
          @Override
          public synchronized Map<TopicPartition, OffsetAndMetadata> committed(
              Set<TopicPartition> ps) {
            Map<TopicPartition, OffsetAndMetadata> own = super.committed(ps);
            return own.isEmpty() ? carried : own;
          }
        };
    Map<TopicPartition, Long> begin = new HashMap<>();
    for (TopicPartition tp : partitions) {
      begin.put(tp, 0L);
    }
    consumer.updateBeginningOffsets(begin);
    return consumer;
  }

  static KafkaSink sink(
      MockConsumer<byte[], byte[]> consumer,
      Map<String, SinkTable<?>> tables,
      BatchWriter writer,
      DeadLetters dlq,
      SinkSettings settings,
      TopicPartition... partitions) {
    KafkaSink sink = new KafkaSink(consumer, tables, writer, dlq, settings, new SinkMetrics());
    sink.subscribe();
    consumer.rebalance(List.of(partitions));
    return sink;
  }

  /** A record at {@code offset} sent at {@code timestampMs} (its Kafka timestamp). */
  static ConsumerRecord<byte[], byte[]> record(
      TopicPartition tp, long offset, long timestampMs, byte[] value) {
    return new ConsumerRecord<>(
        tp.topic(),
        tp.partition(),
        offset,
        timestampMs,
        TimestampType.LOG_APPEND_TIME,
        -1,
        value == null ? -1 : value.length,
        null,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  /** Drives the loop as run() would, then writes what is left. */
  static void drain(KafkaSink sink) throws InterruptedException {
    for (int i = 0; i < 40; i++) {
      sink.pollOnce(Duration.ZERO);
      Thread.sleep(5);
    }
    sink.flushEverything();
  }

  /** Polls until {@code done} holds (or fails after 10 s). */
  static void pollUntil(KafkaSink sink, BooleanSupplier done) throws InterruptedException {
    for (int i = 0; i < 2_000 && !done.getAsBoolean(); i++) {
      sink.pollOnce(Duration.ZERO);
      Thread.sleep(5);
    }
    if (!done.getAsBoolean()) {
      throw new AssertionError("condition not reached");
    }
  }

  /** Polls for {@code millis} (the loop keeps going whatever happens in flight). */
  static void pollFor(KafkaSink sink, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      sink.pollOnce(Duration.ZERO);
      Thread.sleep(5);
    }
  }

  static long committed(MockConsumer<byte[], byte[]> consumer, TopicPartition tp) {
    OffsetAndMetadata c = consumer.committed(Set.of(tp)).get(tp);
    return c == null ? -1 : c.offset();
  }
}
