package dev.r1lat.cli;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The anomalies topic and the alerts dead-letter topic, as the alert ITs use them. */
final class AnomalyTopic {
  private AnomalyTopic() {}

  /** A test anomaly event, its reason {@code it anomaly NAME}. */
  static LatencyAnomaly anomaly(String name, AnomalyState state, String region, String tier) {
    long now = System.currentTimeMillis() / 60_000 * 60_000;
    return LatencyAnomaly.newBuilder()
        .setAnomalyId(UUID.nameUUIDFromBytes((region + name).getBytes()).toString())
        .setKind(AnomalyKind.SLO_BREACH)
        .setState(state)
        .setRegion(region)
        .setTier(tier)
        .setComponent("ttft")
        .setMetric("p99")
        .setObserved(6_000)
        .setBaseline(null)
        .setSeverity(Severity.CRITICAL)
        .setWindowStartMs(now - (state == AnomalyState.OPEN ? 120_000 : 60_000))
        .setWindowEndMs(now - (state == AnomalyState.OPEN ? 60_000 : 0))
        .setDetectedAtMs(now)
        .setReason("it anomaly " + name)
        .build();
  }

  static void publish(Endpoints stack, Topics topics, LatencyAnomaly a) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", stack.kafkaBootstrap()),
            new StringSerializer(),
            topics.latencyAnomalies().valueSerde().serializer())) {
      String key = a.getRegion() + "|" + a.getTier();
      producer.send(new ProducerRecord<>(topics.latencyAnomalies().name(), key, a)).get();
    }
  }

  static List<ConsumerRecord<String, byte[]>> readDeadLetters(
      Endpoints stack, String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    Map<String, Object> c =
        Map.of(
            "bootstrap.servers",
            stack.kafkaBootstrap(),
            "group.id",
            "it-dlq-reader-" + UUID.randomUUID(),
            "auto.offset.reset",
            "earliest");
    try (var consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  /** Reads the anomalies topic until {@code region}'s ttft {@code metric} anomaly RESOLVED. */
  /**
   * Waits until a RESOLVED of ttft {@code metric} was published for each of {@code groups}
   * ("region/tier"): the levels are keyed apart and the streams app publishes them at its own pace,
   * so one level's RESOLVED says nothing about another's.
   */
  static void awaitResolved(
      Endpoints stack, Topics topics, List<String> groups, String metric, Duration timeout) {
    java.util.Set<String> missing = new java.util.HashSet<>(groups);
    try (var consumer =
        new KafkaConsumer<>(
            readerConfig(stack),
            new StringDeserializer(),
            topics.latencyAnomalies().valueSerde().deserializer())) {
      consumer.subscribe(List.of(topics.latencyAnomalies().name()));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          LatencyAnomaly a = r.value();
          if (a.getState() == AnomalyState.RESOLVED
              && a.getComponent().equals("ttft")
              && a.getMetric().equals(metric)) {
            missing.remove(a.getRegion() + "/" + a.getTier());
          }
        }
        if (missing.isEmpty()) {
          return;
        }
      }
    }
    throw new AssertionError(
        "no RESOLVED ttft " + metric + " of " + missing + " within " + timeout);
  }

  /**
   * Waits until {@code group} has committed past every record of the anomalies topic: a reader
   * starting at its committed offsets finds nothing more. (Comparing with end offsets would not do:
   * the streams app writes transactionally, and the commit markers take offsets no record has.)
   */
  static void awaitCommitted(Endpoints stack, Topics topics, String group, Duration timeout)
      throws Exception {
    String topic = topics.latencyAnomalies().name();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (nothingAfterCommitted(stack, topic, group)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(group + " did not commit past every record of " + topic);
  }

  private static boolean nothingAfterCommitted(Endpoints stack, String topic, String group)
      throws Exception {
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }
    try (var consumer =
        new KafkaConsumer<>(
            readerConfig(stack), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      committed.forEach((tp, o) -> consumer.seek(tp, o.offset()));
      return consumer.poll(Duration.ofSeconds(2)).isEmpty();
    }
  }

  private static Map<String, Object> readerConfig(Endpoints stack) {
    return Map.of(
        "bootstrap.servers",
        stack.kafkaBootstrap(),
        "group.id",
        "it-reader-" + UUID.randomUUID(),
        "auto.offset.reset",
        "earliest",
        "isolation.level",
        "read_committed");
  }

  static long committed(Endpoints stack, String group) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .values()
          .stream()
          .mapToLong(o -> o.offset())
          .sum();
    }
  }
}
