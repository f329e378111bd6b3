package dev.r1lat.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
   * Reads from Kafka with read_committed, like the stream task itself. {@code consumerConfig}
   * carries the application's group id, used only to look committed offsets up (never to join).
   */
  static ReplaySource kafka(Map<String, Object> consumerConfig) {
    return new ReplaySource() {
      @Override
      public void replay(
          String topic,
          int partition,
          long from,
          long to,
          java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Properties props = new Properties();
        props.putAll(consumerConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          consumer.assign(List.of(tp));
          consumer.seek(tp, from);
          while (consumer.position(tp) < to) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
              if (r.offset() < to) {
                sink.accept(r);
              }
            }
          }
        }
      }

      @Override
      public Offsets offsets(String topic, int partition) {
        Properties props = new Properties();
        props.putAll(consumerConfig);
        // read_uncommitted: the last stable commit, without waiting on this very thread's open
        // transaction (which cannot hold an offset of a task that has processed nothing yet)
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition tp = new TopicPartition(topic, partition);
        boolean grouped = props.containsKey(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          OffsetAndMetadata committed =
              grouped
                  ? consumer.committed(java.util.Set.of(tp), Duration.ofSeconds(30)).get(tp)
                  : null;
          Long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
          return new Offsets(committed == null ? -1 : committed.offset(), end == null ? -1 : end);
        }
      }
    };
  }
}
