package dev.r1lat.streams;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads input records {@code [from, to)} of one partition again. The aggregator keeps open windows
 * in memory; after a crash or a task migration it rebuilds them from the input log instead of from
 * a per-event changelog, which is what lets the hot path skip serializing sketches per event.
 */
public interface ReplaySource {

  void replay(
      String topic,
      int partition,
      long fromOffset,
      long toOffset,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink);

  /** Where a partition's input stands: the application's committed offset and the log end. */
  record Offsets(long committed, long end) {
    static final Offsets UNKNOWN = new Offsets(-1, -1);

    /** Records beyond where the task resumes: input it will process, however slowly it starts. */
    boolean backlog() {
      return end > Math.max(committed, 0);
    }
  }

  /**
   * The application's committed input offset of {@code partition} (where a task that has not
   * processed a record since it started resumes, hence where its replay must end) and the log end,
   * looked up once when a task starts. -1 where unknown.
   */
  default Offsets offsets(String topic, int partition) {
    return Offsets.UNKNOWN;
  }

  /**
   * Reads from Kafka with read_committed, like the stream task itself; each call ends within {@code
   * bound} or throws a {@link org.apache.kafka.common.errors.TimeoutException}. {@code
   * consumerConfig} carries the application's group id, used only to look committed offsets up
   * (never to join).
   */
  static ReplaySource kafka(Map<String, Object> consumerConfig, java.time.Duration bound) {
    return KafkaReplaySource.of(consumerConfig, bound);
  }
}
