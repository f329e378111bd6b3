package dev.r1lat.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.KafkaTestSupport;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway with a Kafka that hangs, then comes back: every request is answered 503 + Retry-After
 * within gateway.kafka-timeout, wave after wave (waits do not stack), a full queue answers 429 at
 * once, /health stays fast, and once Kafka is back a request is accepted; every event answered 202
 * is in the topic. Two ways to hang: a bootstrap address that accepts connections and never answers
 * (the producer never gets metadata), and the real broker stopped with SIGSTOP after the producer
 * knew it (sends queue up, acknowledgements never come).
 */
@ExtendWith(RealStackExtension.class)
class IngestGatewayKafkaDownIT {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final long SLACK_MS = 1_500;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Timed(HttpResponse<String> response, long millis) {}

  final Iterator<RequestTiming> events =
      FleetSimulator.stream(
              SimulatorConfig.builder()
                  .seed(11)
                  .start(Instant.now().minus(Duration.ofMinutes(20)))
                  .duration(Duration.ofMinutes(5))
                  .build())
          .iterator();
  final Set<String> posted = new HashSet<>();
  final Set<String> answered202 = new HashSet<>();

  @Test
  void shouldSayNoInTimeWhileKafkaNeverAnswersAndAcceptOnceItIsBack(Endpoints endpoints)
      throws Exception {
    String topic = KafkaTestSupport.newTopic(endpoints, "it-gateway-down");
    try (FreezableProxy kafka = new FreezableProxy();
        IngestGateway gateway = gateway(topic, kafka.address())) {
      hangingWaves(gateway);
      kafka.thaw(endpoints.kafkaBootstrap());
      acceptedOnceBack(gateway);
    }
    assertWrittenExactlyWhatWasAcknowledged(endpoints, topic);
  }

  @Test
  void shouldSayNoInTimeWhileTheBrokerIsFrozenAndAcceptOnceItThaws(Stack stack, Endpoints endpoints)
      throws Exception {
    assumeTrue(stack instanceof LocalStack, "SIGSTOP needs the broker's pid (local stack only)");
    long pid = brokerPid((LocalStack) stack);
    String topic = KafkaTestSupport.newTopic(endpoints, "it-gateway-frozen");
    try (IngestGateway gateway = gateway(topic, endpoints.kafkaBootstrap())) {
      assertThat(send(post(gateway, next())).get().response().statusCode()).isEqualTo(202);
      answered202.addAll(posted);
      signal("STOP", pid);
      try {
        hangingWaves(gateway);
      } finally {
        signal("CONT", pid);
      }
      acceptedOnceBack(gateway);
    }
    assertWrittenExactlyWhatWasAcknowledged(endpoints, topic);
  }

  private IngestGateway gateway(String topic, String bootstrap) throws Exception {
    GatewayConfig config = GatewayConfig.defaults(topic).withPort(0).withAdmission(TIMEOUT, 2, 2);
    Map<String, Object> props =
        KafkaProducerConfigs.reliable(
            bootstrap, "it-gateway-down", Duration.ofMillis(5), 65_536, "lz4", Map.of());
    return IngestGateway.create(config, props).start();
  }

  /** Two waves of 4 requests (2 workers + 2 queued), each with a 5th that finds the queue full. */
  private void hangingWaves(IngestGateway gateway) throws Exception {
    for (int wave = 0; wave < 2; wave++) {
      List<CompletableFuture<Timed>> admitted = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        admitted.add(send(post(gateway, next())));
      }
      awaitInFlight(gateway, 4);

      Timed shed = send(post(gateway, next())).get();
      assertThat(shed.response().statusCode()).isEqualTo(429);
      assertThat(shed.response().headers().firstValue("Retry-After")).isPresent();
      assertThat(shed.millis()).isLessThan(1_000);
      Timed health = send(HttpRequest.newBuilder(gateway.uri().resolve("/health")).build()).get();
      assertThat(health.response().statusCode()).isEqualTo(200);
      assertThat(health.millis()).isLessThan(1_000);

      List<Long> millis = new ArrayList<>();
      String firstError = null;
      for (CompletableFuture<Timed> f : admitted) {
        Timed t = f.get();
        millis.add(t.millis());
        firstError = firstError != null ? firstError : t.response().body();
        assertThat(t.response().statusCode()).as("wave %d", wave).isEqualTo(503);
        assertThat(t.response().headers().firstValue("Retry-After")).isPresent();
        assertThat(t.millis()).as("wave %d", wave).isLessThan(TIMEOUT.toMillis() + SLACK_MS);
      }
      System.out.printf(
          "[gateway, Kafka hanging] wave %d: 503 after %s ms (kafka-timeout %d ms); 429 after %d"
              + " ms; /health after %d ms; %s; first 503: %s%n",
          wave,
          millis,
          TIMEOUT.toMillis(),
          shed.millis(),
          health.millis(),
          gateway.counters(),
          firstError);
      awaitInFlight(gateway, 0);
    }
  }

  private void acceptedOnceBack(IngestGateway gateway) throws Exception {
    RequestTiming back = next();
    long start = System.currentTimeMillis();
    int status = 0;
    while (status != 202 && System.currentTimeMillis() < start + 60_000) {
      status = send(post(gateway, back)).get().response().statusCode();
      if (status != 202) {
        Thread.sleep(1_000); // Retry-After
      }
    }
    assertThat(status).as("accepted once Kafka is back").isEqualTo(202);
    answered202.add(back.getRequestId());
    System.out.printf(
        "[gateway, Kafka back] accepted after %d ms%n", System.currentTimeMillis() - start);
    assertThat(gateway.counters().get("accepted")).isEqualTo(answered202.size());
  }

  /**
   * Every event answered 202 is in the topic; nothing there was never posted. Events answered 503
   * may be there too (a frozen broker can write a batch the producer gave up on): the client
   * retries them, and the request-id dedup downstream counts them once.
   */
  private void assertWrittenExactlyWhatWasAcknowledged(Endpoints endpoints, String topic) {
    List<ConsumerRecord<String, RequestTiming>> received =
        KafkaTestSupport.readAll(endpoints, topic, answered202.size());
    Set<String> ids = received.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    assertThat(ids).containsAll(answered202);
    assertThat(posted).containsAll(ids);
  }

  private RequestTiming next() {
    RequestTiming e = events.next();
    posted.add(e.getRequestId());
    return e;
  }

  private static long brokerPid(LocalStack stack) throws Exception {
    Path pidFile = stack.settings().stateDir().resolve("kafka").resolve("kafka.pid");
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
  }

  static HttpRequest post(IngestGateway gateway, RequestTiming event) {
    return HttpRequest.newBuilder(gateway.uri())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[" + TimingJson.toJson(event) + "]"))
        .build();
  }

  static CompletableFuture<Timed> send(HttpRequest r) {
    long start = System.nanoTime();
    return HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString())
        .thenApply(resp -> new Timed(resp, (System.nanoTime() - start) / 1_000_000));
  }

  static void awaitInFlight(IngestGateway gateway, long n) throws InterruptedException {
    long until = System.currentTimeMillis() + 5_000;
    while (gateway.counters().get("inFlight") != n && System.currentTimeMillis() < until) {
      Thread.sleep(5);
    }
    assertThat(gateway.counters().get("inFlight")).isEqualTo(n);
  }
}
