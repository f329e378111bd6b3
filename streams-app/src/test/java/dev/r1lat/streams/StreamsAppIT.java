package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.StackBootstrap;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RealStackExtension.class)
class StreamsAppIT {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final long MINUTE = 60_000;

  @TempDir Path state;

  @Test
  void shouldTurnRealTopicTrafficIntoExactFinalWindowStats(Endpoints endpoints) throws Exception {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(endpoints.kafkaBootstrap(), topics, 3);
    StreamsSettings settings =
        StreamsSettings.from(
            Settings.load(
                StreamsSettings.KEYS,
                null,
                Map.of(),
                Map.of(
                    "kafka.bootstrap-servers",
                    endpoints.kafkaBootstrap(),
                    "streams.application-id",
                    prefix + "app",
                    "streams.state-dir",
                    state.toString(),
                    "streams.idle-advance",
                    "3s",
                    "streams.grace",
                    "10s",
                    "streams.metrics-port",
                    "0")));

    long t0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
    int perWindow = 300;
    // publish first: a partition that sees no input within idle-advance of its task starting
    // advances to the wall clock and would declare this past traffic late (streams-app/DESIGN.md)
    try (var producer = producer(endpoints)) {
      for (int w = 0; w < 3; w++) {
        for (int i = 0; i < perWindow; i++) {
          RequestTiming t =
              Timings.request()
                  .region(i % 2 == 0 ? "eu-west" : "us-east")
                  .at(t0 + w * MINUTE + i * 100L)
                  .ttftMs(100 + i)
                  .build();
          send(producer, topics, t);
        }
      }
      producer.send(
          new ProducerRecord<>(topics.requestTimings().name(), new byte[0], "garbage".getBytes()));
      producer.flush();
    }
    try (StreamsApp app = StreamsApp.start(settings, topics, System.out::println)) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      List<LatencyWindowStats> stats =
          readStats(endpoints, topics, 3 * 4 * 3, Duration.ofSeconds(90));
      for (int w = 0; w < 3; w++) {
        long start = t0 + w * MINUTE;
        var ttft =
            stats.stream()
                .filter(s -> s.getWindowStartMs() == start && s.getComponent().equals("ttft"))
                .toList();
        assertThat(ttft)
            .extracting(s -> s.getRegion() + "|" + s.getTier())
            .containsExactlyInAnyOrder(
                "eu-west|H100", "us-east|H100", "eu-west|*", "us-east|*", "*|H100", "*|*");
        assertThat(
                ttft.stream()
                    .filter(s -> s.getRegion().equals("*") && s.getTier().equals("*"))
                    .findFirst()
                    .orElseThrow()
                    .getCount())
            .isEqualTo(perWindow);
      }
      assertThat(count(endpoints, topics.requestTimingsDlq().name())).isEqualTo(1);
      assertThat(app.metrics().count("r1lat_records_dlq_total")).isEqualTo(1);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(Endpoints e) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            e.kafkaBootstrap(),
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static void send(KafkaProducer<byte[], byte[]> p, Topics topics, RequestTiming t) {
    p.send(
        new ProducerRecord<>(
            topics.requestTimings().name(),
            null,
            t.getEventTimeMs(),
            t.getRequestId().getBytes(),
            CODEC.encode(t)));
  }

  private static List<LatencyWindowStats> readStats(
      Endpoints e, Topics topics, int minWindows, Duration timeout) {
    var spec = topics.latencyStats1m();
    List<LatencyWindowStats> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            consumerConfig(e), spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
      consumer.subscribe(Set.of(spec.name()));
      long deadline = System.currentTimeMillis() + timeout.toMillis();
      while (System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
        long ttftWindows =
            out.stream()
                .filter(
                    s ->
                        s.getComponent().equals("ttft")
                            && s.getRegion().equals("*")
                            && s.getTier().equals("*"))
                .count();
        if (ttftWindows >= 3) {
          consumer.poll(Duration.ofSeconds(2)).forEach(r -> out.add(r.value()));
          break;
        }
      }
    }
    return out;
  }

  private static long count(Endpoints e, String topic) {
    try (var consumer =
        new KafkaConsumer<>(
            consumerConfig(e), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long n = 0;
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          n++;
        }
      }
      return n;
    }
  }

  private static Map<String, Object> consumerConfig(Endpoints e) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return c;
  }
}
