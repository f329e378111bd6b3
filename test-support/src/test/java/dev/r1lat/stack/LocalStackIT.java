package dev.r1lat.stack;

import static dev.r1lat.testsupport.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.junit.RealStackExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class LocalStackIT {
  private static final Topics TOPICS = Topics.defaults();

  static RequestTiming timing(int i) {
    return request()
        .id("req-" + i)
        .at(1_790_000_000_000L + i)
        .region(i % 2 == 0 ? "eu-west" : "us-east")
        .ttftMs(400.0 + i)
        .e2eMs(9_000.0 + i)
        .build();
  }

  @Test
  void shouldWriteAndReadAvroRecordsOnTheRealBroker(Endpoints endpoints) throws Exception {
    var spec = TOPICS.requestTimings();
    List<RequestTiming> sent = new ArrayList<>();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            spec.keySerde().serializer(),
            spec.valueSerde().serializer())) {
      for (int i = 0; i < 100; i++) {
        RequestTiming t = timing(i);
        producer.send(new ProducerRecord<>(spec.name(), t.getRequestId(), t)).get();
        sent.add(t);
      }
    }
    List<RequestTiming> received = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "stack-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            spec.keySerde().deserializer(),
            spec.valueSerde().deserializer())) {
      consumer.subscribe(Set.of(spec.name()));
      long deadline = System.currentTimeMillis() + 30_000;
      while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, RequestTiming> r : consumer.poll(Duration.ofMillis(500))) {
          assertThat(r.key()).isEqualTo(r.value().getRequestId());
          received.add(r.value());
        }
      }
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void shouldCreateEveryPipelineTopic(Endpoints endpoints) throws Exception {
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
      Set<String> names = admin.listTopics().names().get();
      TOPICS.all().forEach(t -> assertThat(names).contains(t.name()));
    }
  }

  @Test
  void shouldWriteAndReadRowsInRealClickHouse(Endpoints endpoints) throws Exception {
    try (Connection c = Databases.connect(endpoints, StackBootstrap.DATABASE);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT version()")) {
        rs.next();
        assertThat(rs.getString(1)).startsWith("26.");
      }
      s.execute("DROP TABLE IF EXISTS stack_it");
      s.execute(
          "CREATE TABLE stack_it (id String, ts DateTime64(3), region LowCardinality(String),"
              + " ttft Float64) ENGINE = MergeTree ORDER BY (region, ts)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO stack_it VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < 1000; i++) {
          RequestTiming t = timing(i);
          ps.setString(1, t.getRequestId());
          ps.setTimestamp(2, new java.sql.Timestamp(t.getEventTimeMs()));
          ps.setString(3, t.getRegion());
          ps.setDouble(4, t.getTtftMs());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT region, count(), max(ttft) FROM stack_it GROUP BY region ORDER BY region")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("eu-west");
        assertThat(rs.getLong(2)).isEqualTo(500);
        assertThat(rs.getDouble(3)).isEqualTo(400.0 + 998);
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("us-east");
        assertThat(rs.getLong(2)).isEqualTo(500);
      }
    }
  }
}
