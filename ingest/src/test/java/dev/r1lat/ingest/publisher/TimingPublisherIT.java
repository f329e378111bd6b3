package dev.r1lat.ingest.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class TimingPublisherIT {

  static String newTopic(Endpoints endpoints, String prefix) throws Exception {
    String topic = prefix + "-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    return topic;
  }

  static List<ConsumerRecord<String, RequestTiming>> readAll(Endpoints endpoints, String topic, int expected) {
    List<ConsumerRecord<String, RequestTiming>> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            AvroSerde.of(RequestTiming.class).deserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      long quietUntil = Long.MAX_VALUE;
      while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
        consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.currentTimeMillis() + 1_000; // a little longer: catch duplicates
        }
      }
    }
    return out;
  }

  @Test
  void recordsArriveOnTheRealBrokerAndCloseFlushes(Endpoints endpoints) throws Exception {
    String topic = newTopic(endpoints, "it-publisher");
    List<RequestTiming> events =
        FleetSimulator.stream(SimulatorConfig.builder().seed(11).rate(200).build()).limit(5_000).toList();
    PublisherConfig config =
        PublisherConfig.defaults(endpoints.kafkaBootstrap(), topic).withQueueCapacity(10_000);
    TimingPublisher publisher = TimingPublisher.create(config);
    events.forEach(publisher::record);
    publisher.close(); // no flush(): close must send what is queued
    PublisherMetrics m = publisher.metrics();
    assertThat(m).isEqualTo(new PublisherMetrics(5_000, 5_000, 0, 0, 0));

    var received = readAll(endpoints, topic, events.size());
    assertThat(received).hasSize(events.size());
    assertThat(received).allMatch(r -> r.key().equals(r.value().getRequestId()));
    assertThat(received.stream().map(ConsumerRecord::value).toList()).containsExactlyInAnyOrderElementsOf(events);
  }
}
