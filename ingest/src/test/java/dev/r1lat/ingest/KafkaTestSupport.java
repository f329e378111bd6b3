package dev.r1lat.ingest;

import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Fresh topics and read-back for the ingest ITs against the real broker. */
public final class KafkaTestSupport {
  private KafkaTestSupport() {}

  public static String newTopic(Endpoints endpoints, String prefix) throws Exception {
    String topic = prefix + "-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    return topic;
  }

  /** Reads until {@code expected} records arrived (plus a second, to catch duplicates) or 30 s. */
  public static List<ConsumerRecord<String, RequestTiming>> readAll(
      Endpoints endpoints, String topic, int expected) {
    List<ConsumerRecord<String, RequestTiming>> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            AvroSerde.of(RequestTiming.class).deserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      long quietUntil = Long.MAX_VALUE;
      while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
        consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.currentTimeMillis() + 1_000;
        }
      }
    }
    return out;
  }
}
