package dev.r1lat.sink;

import dev.r1lat.sink.write.SinkTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link KafkaSink}'s buffers, one per assigned partition, and the batches cut from them. Only
 * the sink loop's thread touches them (the rebalance listener runs on it too, inside poll).
 */
final class PartitionBuffers {
  private final Map<String, SinkTable<?>> tablesByTopic;
  private final Map<TopicPartition, PartitionBuffer<?>> buffers = new HashMap<>();

  PartitionBuffers(Map<String, SinkTable<?>> tablesByTopic) {
    this.tablesByTopic = tablesByTopic;
  }

  /** One buffer lookup per partition of a poll, not per record (the loop thread's hot path). */
  void add(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      PartitionBuffer<?> buffer = bufferFor(tp);
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        buffer.add(r);
      }
    }
  }

  /** At most one batch per partition, so each round commits one intent per partition. */
  List<PartitionBuffer.Cut<?>> due(BatchingPolicy policy) {
    List<PartitionBuffer.Cut<?>> due = new ArrayList<>();
    for (PartitionBuffer<?> b : buffers.values()) {
      OptionalLong cut = policy.cut(b);
      if (cut.isPresent()) {
        due.add(b.cut(cut.getAsLong()));
      }
    }
    return due;
  }

  /** Everything buffered, regardless of size and age; a replayed intent is cut at its end. */
  List<PartitionBuffer.Cut<?>> everything() {
    List<PartitionBuffer.Cut<?>> due = new ArrayList<>();
    for (PartitionBuffer<?> b : buffers.values()) {
      if (b.size() > 0) {
        long end = b.intentEnd() >= 0 ? b.intentEnd() : b.offsetAt(b.size() - 1);
        due.add(b.cut(end));
      }
    }
    return due;
  }

  /**
   * Bounded memory while inserts lag (or ClickHouse is away): a partition holding two batches'
   * worth stops fetching until it drains. A partition replaying an intent is never paused, so it
   * always reaches its cut.
   */
  void applyBackpressure(Consumer<?, ?> consumer, int maxRows) {
    Set<TopicPartition> pause = new HashSet<>();
    Set<TopicPartition> resume = new HashSet<>();
    for (var e : buffers.entrySet()) {
      boolean full = e.getValue().size() >= 2L * maxRows && e.getValue().intentEnd() < 0;
      (full ? pause : resume).add(e.getKey());
    }
    pause.retainAll(consumer.assignment());
    resume.retainAll(consumer.paused());
    consumer.pause(pause);
    consumer.resume(resume);
  }

  /** Drops what is buffered for {@code tp}: its next owner re-reads it from the commit. */
  void remove(TopicPartition tp) {
    buffers.remove(tp);
  }

  /** A fresh buffer for {@code tp} that replays a pending intent up to {@code intentEnd}. */
  void replayUntil(TopicPartition tp, long intentEnd) {
    bufferFor(tp).setIntentEnd(intentEnd);
  }

  private PartitionBuffer<?> bufferFor(TopicPartition tp) {
    return buffers.computeIfAbsent(
        tp,
        p ->
            new PartitionBuffer<>(
                tablesByTopic.get(p.topic()), p.topic(), p.partition(), System::nanoTime));
  }
}
