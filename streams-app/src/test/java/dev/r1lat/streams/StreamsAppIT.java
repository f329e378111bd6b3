package dev.r1lat.streams;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.StackBootstrap;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RealStackExtension.class)
class StreamsAppIT {
  private static final long MINUTE = 60_000;

  @TempDir Path state;

  @Test
  void shouldTurnRealTopicTrafficIntoExactFinalWindowStats(Endpoints endpoints) throws Exception {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(endpoints.kafkaBootstrap(), topics, 3);
    StreamsSettings settings = RealTopics.settings(endpoints, prefix, state);

    long t0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
    int perWindow = 300;
    // publish first: a partition that sees no input within idle-advance of its task starting
    // advances to the wall clock and would declare this past traffic late (streams-app/DESIGN.md)
    try (var producer = RealTopics.producer(endpoints)) {
      RequestTiming retried = null;
      for (int w = 0; w < 3; w++) {
        for (int i = 0; i < perWindow; i++) {
          RequestTiming t =
              Timings.request()
                  .region(i % 2 == 0 ? "eu-west" : "us-east")
                  .at(t0 + w * MINUTE + i * 100L)
                  .ttftMs(100 + i)
                  .build();
          RealTopics.send(producer, topics, t);
          retried = w == 2 && i == 7 ? t : retried; // its window is still open at the end
        }
      }
      RealTopics.send(producer, topics, retried); // a client retry: counted once
      // a host an hour ahead: the broker's append time shows it, so it is quarantined
      RealTopics.send(
          producer, topics, Timings.request().at(System.currentTimeMillis() + 60 * MINUTE).build());
      producer.send(
          new ProducerRecord<>(topics.requestTimings().name(), new byte[0], "garbage".getBytes()));
      producer.flush();
    }
    List<String> log = new CopyOnWriteArrayList<>();
    try (StreamsApp app =
        StreamsApp.start(
            settings,
            topics,
            line -> {
              System.out.println(line);
              log.add(line);
            })) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      List<LatencyWindowStats> stats =
          RealTopics.readUntil(
              endpoints,
              topics.latencyStats1m(),
              read -> read.stream().filter(StreamsAppIT::isTtftOfAll).count() >= 3,
              Duration.ofSeconds(90));
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
      assertThat(count(endpoints, topics.requestTimingsQuarantine().name())).isEqualTo(1);
      assertThat(app.metrics().count("r1lat_quarantined_total")).isEqualTo(1);
      assertThat(app.metrics().count("r1lat_duplicates_total")).isEqualTo(1);
      assertThat(log)
          .as("the topic's timestamp type was read: LogAppendTime, nothing to warn about")
          .noneMatch(l -> l.contains("message.timestamp.type"));
    }
  }

  @Test
  void shouldWarnAtStartWhenTheInputTopicKeepsProducerTimestamps(Endpoints endpoints)
      throws Exception {
    String topic = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".create-time";
    List<String> log = new CopyOnWriteArrayList<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, SECONDS);
      StreamsApp.warnOnCreateTime(admin, topic, log::add);
    }
    assertThat(log)
        .singleElement(as(STRING))
        .startsWith("WARNING: " + topic + " has message.timestamp.type=CreateTime");
  }

  private static boolean isTtftOfAll(LatencyWindowStats s) {
    return s.getComponent().equals("ttft") && s.getRegion().equals("*") && s.getTier().equals("*");
  }

  private static long count(Endpoints e, String topic) {
    try (var consumer =
        new KafkaConsumer<>(
            RealTopics.consumerConfig(e),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
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
}
