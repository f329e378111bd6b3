package dev.r1lat.sink;

import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's loop: poll, decode (poison to the dead-letter topic), buffer per partition, and when
 * the {@link BatchingPolicy} cuts a batch run the round of DESIGN.md: commit intents, insert with
 * retries, flush dead letters, commit offsets. One thread; the consumer, writer and dead-letter
 * sink are injected, so tests swap any of them.
 */
public final class KafkaSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Map<String, SinkTable<?>> tablesByTopic;
  private final BatchWriter writer;
  private final DeadLetters deadLetters;
  private final SinkSettings settings;
  private final BatchingPolicy policy;
  private final SinkMetrics metrics;
  private final Map<TopicPartition, PartitionBuffer<?>> buffers = new HashMap<>();
  private volatile boolean running = true;

  public KafkaSink(
      Consumer<byte[], byte[]> consumer,
      Map<String, SinkTable<?>> tablesByTopic,
      BatchWriter writer,
      DeadLetters deadLetters,
      SinkSettings settings,
      SinkMetrics metrics) {
    this.consumer = consumer;
    this.tablesByTopic = Map.copyOf(tablesByTopic);
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.settings = settings;
    this.policy = settings.policy();
    this.metrics = metrics;
  }

  /** Thrown out of a retry loop when the sink is stopped while ClickHouse is unreachable. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped while a batch was pending; its intent stays committed for the next run");
    }
  }

  public SinkMetrics metrics() {
    return metrics;
  }

  public void subscribe() {
    consumer.subscribe(tablesByTopic.keySet(), new Rebalance());
  }

  /** Runs until {@link #stop()}; then writes what is buffered (unless ClickHouse is down). */
  public void run() {
    subscribe();
    try {
      while (running) {
        pollOnce(settings.pollTimeout());
      }
      flushEverything();
    } catch (Stopped e) {
      LOG.warn(e.getMessage());
    }
  }

  /** Asks {@link #run()} to finish; safe from any thread. */
  public void stop() {
    running = false;
  }

  /** One poll and whatever flushes it makes due. Exposed for tests that drive the loop. */
  public void pollOnce(Duration timeout) {
    buffer(consumer.poll(timeout));
    List<Batch<?>> due = dueBatches();
    while (!due.isEmpty()) {
      writeRound(due);
      due = dueBatches(); // a buffer may hold several full batches
    }
  }

  /** At most one batch per partition, so each round commits one intent per partition. */
  private List<Batch<?>> dueBatches() {
    List<Batch<?>> due = new ArrayList<>();
    for (PartitionBuffer<?> b : buffers.values()) {
      OptionalLong cut = policy.cut(b);
      if (cut.isPresent()) {
        due.add(b.cut(cut.getAsLong()));
      }
    }
    return due;
  }

  /** Writes everything buffered regardless of size and age (shutdown, end of a bench). */
  public void flushEverything() {
    List<Batch<?>> due = new ArrayList<>();
    for (PartitionBuffer<?> b : buffers.values()) {
      if (b.size() > 0) {
        long end = b.intentEnd() >= 0 ? b.intentEnd() : b.offsetAt(b.size() - 1);
        due.add(b.cut(end));
      }
    }
    if (!due.isEmpty()) {
      writeRound(due);
    }
  }

  private void buffer(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> r : records) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      add(bufferFor(tp), r);
    }
  }

  private <R> void add(PartitionBuffer<R> buffer, ConsumerRecord<byte[], byte[]> r) {
    buffer.add(r.offset(), decodeOrDeadLetter(buffer.table(), r));
  }

  private PartitionBuffer<?> bufferFor(TopicPartition tp) {
    return buffers.computeIfAbsent(
        tp,
        p ->
            new PartitionBuffer<>(
                tablesByTopic.get(p.topic()), p.topic(), p.partition(), System::nanoTime));
  }

  private <R> R decodeOrDeadLetter(SinkTable<R> table, ConsumerRecord<byte[], byte[]> r) {
    try {
      return table.decode(r.value());
    } catch (InvalidRecordException | IllegalArgumentException e) {
      deadLetters.send(r, e.getMessage());
      metrics.countDeadLetter();
      return null;
    }
  }

  /** The round of DESIGN.md: intents, inserts, dead letters flushed, offsets. */
  private void writeRound(List<Batch<?>> batches) {
    Map<TopicPartition, OffsetAndMetadata> intents = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    for (Batch<?> b : batches) {
      TopicPartition tp = new TopicPartition(b.topic(), b.partition());
      intents.put(tp, new OffsetAndMetadata(b.firstOffset(), OffsetIntent.pending(b.lastOffset())));
      done.put(tp, new OffsetAndMetadata(b.lastOffset() + 1, ""));
    }
    consumer.commitSync(intents);
    for (Batch<?> b : batches) {
      writeWithRetry(b);
    }
    deadLetters.flush();
    done.keySet().retainAll(consumer.assignment());
    consumer.commitSync(done);
    metrics.committed();
  }

  private void writeWithRetry(Batch<?> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        writer.write(batch);
        metrics.rowsWritten(batch.table().name(), batch.rows().size());
        return;
      } catch (BatchWriter.WriteException e) {
        metrics.writeFailed();
        if (!running) {
          throw new Stopped();
        }
        Duration delay = settings.backoff().delay(attempt);
        LOG.warn(
            "attempt {} failed, retrying in {} ms: {}", attempt, delay.toMillis(), e.getMessage());
        keepGroupMembershipFor(delay);
      }
    }
  }

  /**
   * Waits out a back-off inside poll() with every partition paused: the consumer stays in its group
   * (max.poll.interval.ms) and buffers nothing new while ClickHouse is away.
   */
  private void keepGroupMembershipFor(Duration delay) {
    Set<TopicPartition> assigned = consumer.assignment();
    consumer.pause(assigned);
    try {
      long until = System.nanoTime() + delay.toNanos();
      do {
        buffer(consumer.poll(Duration.ofNanos(Math.max(0, until - System.nanoTime()))));
      } while (System.nanoTime() < until && running);
    } finally {
      consumer.resume(consumer.assignment());
    }
  }

  @Override
  public void close() {
    consumer.close();
  }

  /** Buffers follow assignment; a new owner reads pending intents before its first poll. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // unflushed records are re-read by the next owner from the committed offset (and intent)
      partitions.forEach(buffers::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      for (TopicPartition tp : partitions) {
        buffers.remove(tp);
        OffsetAndMetadata c = committed.get(tp);
        OptionalLong end = OffsetIntent.parse(c == null ? null : c.metadata());
        if (end.isPresent()) {
          LOG.info("{}: replaying pending batch {}..{}", tp, c.offset(), end.getAsLong());
          bufferFor(tp).setIntentEnd(end.getAsLong());
        }
      }
    }
  }
}
