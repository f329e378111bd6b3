package dev.r1lat.ingest.gateway;

import static dev.r1lat.ingest.gateway.IngestGatewayTest.events;
import static dev.r1lat.ingest.gateway.IngestGatewayTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules.Kind;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka that never answers, a full queue, old events, and bodies built to cost memory. */
class IngestGatewayAdmissionTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration TIMEOUT = Duration.ofMillis(800);
  static final long SLACK_MS = 700;
  final CountDownLatch kafkaBack = new CountDownLatch(1);
  MockProducer<String, RequestTiming> producer = producer(true);
  IngestGateway gateway;

  @AfterEach
  void stop() {
    kafkaBack.countDown();
    if (gateway != null) {
      gateway.close();
    }
  }

  static MockProducer<String, RequestTiming> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
  }

  void start(GatewayConfig config) throws Exception {
    gateway = new IngestGateway(config.withPort(0), producer).start();
  }

  HttpRequest post(String body) {
    return HttpRequest.newBuilder(gateway.uri())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(gateway.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  record Timed(HttpResponse<String> response, long millis) {}

  Timed timed(HttpRequest request) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Timed(r, (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void shouldAnswer503InTimeWhenKafkaNeverAcknowledges() throws Exception {
    producer = producer(false); // sends are buffered, never acknowledged
    start(GatewayConfig.defaults("t").withAdmission(TIMEOUT, 2, 2));
    Timed t = timed(post("[" + String.join(",", events(3)) + "]"));
    assertThat(t.response().statusCode()).isEqualTo(503);
    assertThat(t.millis()).isLessThanOrEqualTo(TIMEOUT.toMillis() + SLACK_MS);
    assertThat(t.response().headers().firstValue("Retry-After")).hasValue("1");
    JsonNode body = json(t.response());
    assertThat(body.get("accepted").asInt()).as("nothing unacknowledged counts").isZero();
    assertThat(body.get("failed").asInt()).isEqualTo(3);
    assertThat(gateway.counters()).containsEntry("accepted", 0L).containsEntry("kafkaFailures", 3L);
  }

  @Test
  void shouldAnswer503InTimeAnd429WhenFullWhileSendsBlockAndKeepHealthFast() throws Exception {
    producer =
        new MockProducer<>(
            true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, RequestTiming> r, Callback cb) {
            try {
              kafkaBack.await(); // like a metadata wait on a frozen broker, for longer than asked
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.send(r, cb);
          }
        };
    start(GatewayConfig.defaults("t").withAdmission(TIMEOUT, 1, 2));
    String event = events(1).get(0);
    List<CompletableFuture<Timed>> admitted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      admitted.add(CompletableFuture.supplyAsync(() -> timedUnchecked(post(event))));
    }
    awaitInFlight(3);

    String big = "[" + String.join(",", java.util.Collections.nCopies(3_000, event)) + "]";
    assertThat(big.length()).as("more than the server drains by itself").isGreaterThan(1 << 20);
    Timed shed = timed(post(big));
    assertThat(shed.response().statusCode()).isEqualTo(429);
    assertThat(shed.response().headers().firstValue("Retry-After")).hasValue("1");
    assertThat(shed.millis()).isLessThan(TIMEOUT.toMillis());
    Timed health = timed(HttpRequest.newBuilder(gateway.uri().resolve("/health")).build());
    assertThat(health.response().statusCode()).isEqualTo(200);
    assertThat(health.millis()).isLessThan(TIMEOUT.toMillis());
    assertThat(json(health.response()).get("inFlight").asInt()).isEqualTo(3);

    for (CompletableFuture<Timed> f : admitted) {
      Timed t = f.get();
      assertThat(t.response().statusCode()).isEqualTo(503);
      assertThat(t.response().headers().firstValue("Retry-After")).hasValue("1");
      assertThat(t.millis()).isLessThanOrEqualTo(TIMEOUT.toMillis() + SLACK_MS);
      assertThat(json(t.response()).get("accepted").asInt()).isZero();
    }
    assertThat(get("/metrics").body())
        .contains("r1lat_gateway_responses_total{status=\"429\"} 1")
        .contains("r1lat_gateway_responses_total{status=\"503\"} 3")
        .contains("r1lat_gateway_requests_shed_total 1");

    kafkaBack.countDown();
    awaitInFlight(0);
    assertThat(timed(post(event)).response().statusCode()).isEqualTo(202);
  }

  @Test
  void shouldRefuseEventsOlderThanTheMaxAgeByNameAndCountThem() throws Exception {
    start(GatewayConfig.defaults("t"));
    long day = Duration.ofDays(1).toMillis();
    long maxAgeDays = GatewayConfig.defaults("t").rules().maxAgeMs() / day;
    long now = System.currentTimeMillis();
    List<String> items = new ArrayList<>();
    List<String> events = events(101);
    for (int i = 0; i < 101; i++) { // one a day over 101 days, an hour clear of day boundaries
      RequestTiming t = RequestTiming.newBuilder(parse(events.get(i))).build();
      t.setEventTimeMs(now - i * day - Duration.ofHours(1).toMillis());
      items.add(TimingJson.toJson(t));
    }
    HttpResponse<String> r =
        HTTP.send(post("[" + String.join(",", items) + "]"), HttpResponse.BodyHandlers.ofString());

    List<Integer> tooOld = IntStream.range(0, 101).filter(i -> i >= maxAgeDays).boxed().toList();
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("accepted").asInt()).isEqualTo(101 - tooOld.size());
    assertThat(body.get("rejected").asInt()).isEqualTo(tooOld.size()).isEqualTo(87);
    List<Integer> named = new ArrayList<>();
    for (JsonNode e : body.get("errors")) {
      named.add(e.get("index").asInt());
      assertThat(e.get("field").asText()).isEqualTo("eventTimeMs");
      assertThat(e.get("reason").asText()).contains("older than events.max-age");
    }
    assertThat(named).isEqualTo(tooOld);
    assertThat(producer.history()).hasSize(101 - tooOld.size());
    assertThat(producer.history())
        .allSatisfy(rec -> assertThat(now - rec.value().getEventTimeMs()).isLessThan(15 * day));
    assertThat(gateway.metrics().rejected(Kind.TOO_OLD)).isEqualTo(87);
    assertThat(get("/metrics").body())
        .contains("r1lat_gateway_events_rejected_total{reason=\"too_old\"} 87")
        .contains("r1lat_gateway_events_accepted_total 14");
  }

  @Test
  void shouldListTheFirstHundredErrorsAndCountAll() throws Exception {
    start(GatewayConfig.defaults("t"));
    List<String> bad =
        events(250).stream().map(e -> e.replaceFirst("\"e2eMs\":[0-9.]+", "\"e2eMs\":-1")).toList();
    HttpResponse<String> r =
        HTTP.send(post("[" + String.join(",", bad) + "]"), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("rejected").asInt()).isEqualTo(250);
    assertThat(body.get("errors")).hasSize(BodyLimits.DEFAULT_MAX_ERRORS_LISTED);
    assertThat(body.get("errors").get(99).get("index").asInt()).isEqualTo(99);
    assertThat(body.get("errorCount").asInt()).isEqualTo(250);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldRefuseAFourMibBodyOfEmptyObjectsAtTheRecordCap() throws Exception {
    start(GatewayConfig.defaults("t"));
    StringBuilder b = new StringBuilder("[{}");
    while (b.length() < 4 * 1024 * 1024 - 4) {
      b.append(",{}");
    }
    HttpResponse<String> r =
        HTTP.send(post(b.append(']').toString()), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).contains("gateway.max-batch-records=10000");
    assertThat(producer.history()).isEmpty();
  }

  private static RequestTiming parse(String json) throws Exception {
    return TimingJson.fromJson(TimingJson.mapper().readTree(json)).timing();
  }

  private Timed timedUnchecked(HttpRequest r) {
    try {
      return timed(r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitInFlight(long n) throws Exception {
    long until = System.currentTimeMillis() + 5_000;
    while (gateway.counters().get("inFlight") != n && System.currentTimeMillis() < until) {
      Thread.sleep(5);
    }
    assertThat(gateway.counters().get("inFlight")).isEqualTo(n);
  }
}
