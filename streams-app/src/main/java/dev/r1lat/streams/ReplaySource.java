package dev.r1lat.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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

  /** Reads from Kafka with read_committed, like the stream task itself. */
  static ReplaySource kafka(Map<String, Object> consumerConfig) {
    return (topic, partition, from, to, sink) -> {
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
    };
  }
}
