package dev.r1lat.anomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real broker, a real webhook receiver that is down for a while, then answers 503 a few times,
 * then accepts: every anomaly event still arrives, in order, and offsets are committed to the end.
 * (Alertmanager's API, dead letters and restarts: {@code AlertmanagerForwardIT} in cli.)
 */
@ExtendWith(RealStackExtension.class)
class AlertForwarderIT {
  private static final String TOPIC = "it.alerts-forward.anomalies";
  private static final String GROUP = "it-alerts-forward";
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void shouldDeliverEveryAnomalyWhenTheReceiverComesBackAfterBeingDown(Endpoints stack)
      throws Exception {
    createTopic(stack);
    List<LatencyAnomaly> sent = lifecycles(4);
    produce(stack, sent);
    int port = freePort();
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    AtomicInteger refusals = new AtomicInteger(3);
    AtomicBoolean stop = new AtomicBoolean();
    var pool = Executors.newSingleThreadExecutor();
    HttpServer server = null;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(stack))) {
      AlertForwarder forwarder =
          new AlertForwarder(
              consumer,
              new HttpWebhookSender(
                  URI.create("http://127.0.0.1:" + port + "/hook"), Duration.ofSeconds(2)),
              new WebhookFormat("it"),
              (event, refusal) -> {
                throw new AssertionError("nothing is refused here: " + refusal);
              },
              new AlertForwarder.Options(
                  TOPIC,
                  Duration.ofMillis(100),
                  Duration.ofMillis(800),
                  Duration.ZERO,
                  AnomalyFilter.all()),
              m -> System.out.println("[forward] " + m),
              java.time.Clock.systemUTC());
      Future<AlertForwarder.Stats> running = pool.submit(() -> forwarder.run(stop));

      Thread.sleep(4_000); // the receiver is down: connection refused, over and over
      assertThat(received).isEmpty();
      server = receiver(port, received, refusals);

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1_000); // nothing more should come
      stop.set(true);
      AlertForwarder.Stats stats = running.get();

      assertThat(stats.delivered()).isEqualTo(sent.size());
      assertThat(stats.retries()).isGreaterThan(3);
    } finally {
      pool.shutdownNow();
      if (server != null) {
        server.stop(0);
      }
    }
    assertThat(received).hasSize(sent.size());
    // one partition, so the receiver saw them in the order they were produced
    assertThat(received)
        .extracting(
            n ->
                n.at("/alerts/0/labels/anomaly_id").asText()
                    + "/"
                    + n.at("/alerts/0/annotations/state").asText())
        .containsExactlyElementsOf(
            sent.stream().map(a -> a.getAnomalyId() + "/" + a.getState()).toList());
    assertThat(received)
        .extracting(n -> n.get("status").asText())
        .containsOnly("firing", "resolved");
    assertThat(committed(stack)).isEqualTo(sent.size());
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private HttpServer receiver(int port, List<JsonNode> received, AtomicInteger refusals)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = refusals.getAndDecrement() > 0 ? 503 : 200;
          if (status == 200) {
            received.add(json.readTree(new String(body, StandardCharsets.UTF_8)));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static List<LatencyAnomaly> lifecycles(int anomalies) {
    List<LatencyAnomaly> out = new ArrayList<>();
    long t = 1_767_225_600_000L;
    for (int i = 0; i < anomalies; i++) {
      for (AnomalyState s : AnomalyState.values()) {
        out.add(
            LatencyAnomaly.newBuilder()
                .setAnomalyId("00000000-0000-0000-0000-00000000000" + i)
                .setKind(AnomalyKind.BASELINE_REGRESSION)
                .setState(s)
                .setRegion("eu-west")
                .setTier("H100")
                .setComponent("ttft")
                .setMetric("p99")
                .setObserved(4100)
                .setBaseline(1200.0)
                .setSeverity(Severity.CRITICAL)
                .setWindowStartMs(t)
                .setWindowEndMs(t + 60_000)
                .setDetectedAtMs(t + 70_000)
                .setReason("ttft p99 4.1 s vs baseline 1.2 s (+242%) in eu-west/H100 for 3 windows")
                .build());
        t += 60_000;
      }
    }
    return out;
  }

  private static void createTopic(Endpoints stack) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
  }

  private static void produce(Endpoints stack, List<LatencyAnomaly> events) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    try (KafkaProducer<String, LatencyAnomaly> producer =
        new KafkaProducer<>(
            p, new StringSerializer(), AvroSerde.of(LatencyAnomaly.class).serializer())) {
      for (LatencyAnomaly a : events) {
        producer.send(new ProducerRecord<>(TOPIC, "eu-west/H100", a)).get();
      }
    }
  }

  private static Properties consumerProps(Endpoints stack) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private static long committed(Endpoints stack) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      return offsets.get(new TopicPartition(TOPIC, 0)).offset();
    }
  }
}
