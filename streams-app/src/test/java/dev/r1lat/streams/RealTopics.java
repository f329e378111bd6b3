package dev.r1lat.streams;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TopicSpec;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Endpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the streams ITs do with the real broker: settings, publish timings, read a topic. */
final class RealTopics {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  private RealTopics() {}

  /** Settings for a run on its own topics, with short grace and idle advance so tests end fast. */
  static StreamsSettings settings(Endpoints e, String prefix, Path stateDir) {
    return StreamsSettings.from(
        Settings.load(
            StreamsSettings.KEYS,
            null,
            Map.of(),
            Map.of(
                "kafka.bootstrap-servers",
                e.kafkaBootstrap(),
                "streams.application-id",
                prefix + "app",
                "streams.state-dir",
                stateDir.toString(),
                "streams.idle-advance",
                "3s",
                "streams.grace",
                "10s",
                "streams.metrics-port",
                "0")));
  }

  static KafkaProducer<byte[], byte[]> producer(Endpoints e) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            e.kafkaBootstrap(),
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Keyed by request id and stamped with the event time, as real publishers do. */
  static void send(KafkaProducer<byte[], byte[]> p, Topics topics, RequestTiming t) {
    p.send(
        new ProducerRecord<>(
            topics.requestTimings().name(),
            null,
            t.getEventTimeMs(),
            t.getRequestId().getBytes(),
            CODEC.encode(t)));
  }

  /**
   * Reads {@code spec}'s committed records from the start until {@code done} holds for what was
   * read (then reads 2 s more) or the timeout passes; returns what was read either way.
   */
  static <V> List<V> readUntil(
      Endpoints e, TopicSpec<?, V> spec, Predicate<List<V>> done, Duration timeout) {
    List<V> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            consumerConfig(e), spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
      consumer.subscribe(Set.of(spec.name()));
      long deadline = System.currentTimeMillis() + timeout.toMillis();
      while (System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
        if (done.test(out)) {
          consumer.poll(Duration.ofSeconds(2)).forEach(r -> out.add(r.value()));
          break;
        }
      }
    }
    return out;
  }

  static Map<String, Object> consumerConfig(Endpoints e) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return c;
  }
}
