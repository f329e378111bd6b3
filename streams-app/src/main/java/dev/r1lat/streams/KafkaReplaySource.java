package dev.r1lat.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@link ReplaySource} of a running app: reads the input topic with a consumer of its own, on
 * the stream thread (the windows must be rebuilt before the task processes its next record). Every
 * call ends within {@code bound}, consumer set-up and close included, or throws a {@link
 * TimeoutException}: the stream thread's transaction stays open meanwhile, and the bound ({@link
 * StreamsConfigFactory#replayBound}) keeps it well inside the transaction timeout and the poll
 * interval.
 */
final class KafkaReplaySource implements ReplaySource {
  private static final Duration POLL = Duration.ofMillis(500);

  private final Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> readers;
  private final Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> lookups;
  private final boolean grouped;
  private final Duration bound;

  KafkaReplaySource(
      Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> readers,
      Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> lookups,
      boolean grouped,
      Duration bound) {
    this.readers = readers;
    this.lookups = lookups;
    this.grouped = grouped;
    this.bound = bound;
  }

  /**
   * Reads with read_committed, like the stream task itself. {@code consumerConfig} carries the
   * application's group id, used only to look committed offsets up (never to join).
   */
  static KafkaReplaySource of(Map<String, Object> consumerConfig, Duration bound) {
    Properties reader = new Properties();
    reader.putAll(consumerConfig);
    reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    reader.remove(ConsumerConfig.GROUP_ID_CONFIG);
    Properties lookup = new Properties();
    lookup.putAll(consumerConfig);
    // read_uncommitted: the last stable commit, without waiting on this very thread's open
    // transaction (which cannot hold an offset of a task that has processed nothing yet)
    lookup.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    lookup.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaReplaySource(
        () -> consumer(reader),
        () -> consumer(lookup),
        lookup.containsKey(ConsumerConfig.GROUP_ID_CONFIG),
        bound);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Properties props) {
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void replay(
      String topic,
      int partition,
      long from,
      long to,
      Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Deadline deadline = new Deadline(bound, "replay of " + topic + "-" + partition);
    TopicPartition tp = new TopicPartition(topic, partition);
    var consumer = readers.get();
    try {
      consumer.assign(List.of(tp));
      consumer.seek(tp, from);
      while (consumer.position(tp, deadline.remaining()) < to) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(deadline.atMost(POLL))) {
          if (r.offset() < to) {
            sink.accept(r);
          }
        }
      }
    } finally {
      consumer.close(CloseOptions.timeout(deadline.remainingOrZero()));
    }
  }

  @Override
  public Offsets offsets(String topic, int partition) {
    Deadline deadline = new Deadline(bound, "offset look-up of " + topic + "-" + partition);
    TopicPartition tp = new TopicPartition(topic, partition);
    var consumer = lookups.get();
    try {
      OffsetAndMetadata committed =
          grouped ? consumer.committed(Set.of(tp), deadline.remaining()).get(tp) : null;
      Long end = consumer.endOffsets(List.of(tp), deadline.remaining()).get(tp);
      return new Offsets(committed == null ? -1 : committed.offset(), end == null ? -1 : end);
    } finally {
      consumer.close(CloseOptions.timeout(deadline.remainingOrZero()));
    }
  }

  /** The end of one call's bound. */
  private static final class Deadline {
    private final long endNanos;
    private final Duration bound;
    private final String what;

    Deadline(Duration bound, String what) {
      this.endNanos = System.nanoTime() + bound.toNanos();
      this.bound = bound;
      this.what = what;
    }

    /** Time left; past the deadline, the call gives up. */
    Duration remaining() {
      Duration left = remainingOrZero();
      if (left.isZero()) {
        throw new TimeoutException(what + " not finished within " + bound.toMillis() + " ms");
      }
      return left;
    }

    Duration atMost(Duration d) {
      Duration left = remaining();
      return left.compareTo(d) < 0 ? left : d;
    }

    Duration remainingOrZero() {
      return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }
  }
}
