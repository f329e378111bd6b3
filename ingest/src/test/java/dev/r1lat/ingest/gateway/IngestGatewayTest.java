package dev.r1lat.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestGatewayTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  MockProducer<String, RequestTiming> producer =
      new MockProducer<>(
          true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
  IngestGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  IngestGateway start(GatewayConfig config) throws Exception {
    gateway = new IngestGateway(config.withPort(0), producer).start();
    return gateway;
  }

  @Test
  void shouldRefuseToStartWithAClearErrorWhenItsPortIsTaken() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      IngestGateway second = new IngestGateway(config().withPort(taken.getLocalPort()), producer);
      assertThatThrownBy(second::start)
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("could not listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  static GatewayConfig config() {
    return GatewayConfig.defaults("t");
  }

  /** Recent simulated events (event times in the past hour), as JSON strings. */
  static List<String> events(int n) {
    SimulatorConfig c =
        SimulatorConfig.builder()
            .start(Instant.now().minus(Duration.ofMinutes(30)))
            .duration(Duration.ofMinutes(5))
            .build();
    return FleetSimulator.stream(c).limit(n).map(TimingJson::toJson).toList();
  }

  HttpResponse<String> post(String body, String... headers) throws Exception {
    return post(body.getBytes(StandardCharsets.UTF_8), headers);
  }

  HttpResponse<String> post(byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(gateway.uri())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return TimingJson.mapper().readTree(r.body());
  }

  static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void acceptsOneEventAndWritesItKeyedByRequestId() throws Exception {
    start(config());
    String event = events(1).get(0);
    HttpResponse<String> r = post(event);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(r).get("accepted").asInt()).isEqualTo(1);
    assertThat(json(r).get("errors")).isEmpty();
    assertThat(producer.history())
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.topic()).isEqualTo("t");
              assertThat(rec.key()).isEqualTo(rec.value().getRequestId());
              assertThat(TimingJson.toJson(rec.value())).isEqualTo(event);
            });
  }

  @Test
  void acceptsAGzippedBatch() throws Exception {
    start(config());
    List<String> events = events(500);
    HttpResponse<String> r =
        post(gzip("[" + String.join(",", events) + "]"), "Content-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(500);
    assertThat(producer.history()).hasSize(500);
  }

  @Test
  void rejectsBadRecordsPreciselyAndStillAcceptsTheGoodOnes() throws Exception {
    start(config());
    List<String> good = events(3);
    String badNegative =
        good.get(0)
            .replaceFirst("\"e2eMs\":[0-9.]+", "\"e2eMs\":-5")
            .replaceFirst("\"requestId\":\"", "\"requestId\":\"x");
    String badMissing =
        "{\"requestId\":\"m-1\",\"region\":\"eu-west\",\"tier\":\"H100\",\"model\":\"deepseek-r1\",\"e2eMs\":3}";
    String batch =
        "["
            + good.get(0)
            + ","
            + badNegative
            + ","
            + good.get(1)
            + ","
            + badMissing
            + ","
            + good.get(2)
            + "]";
    HttpResponse<String> r = post(batch);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("accepted").asInt()).isEqualTo(3);
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    assertThat(body.get("errors")).hasSize(3); // index 3 lacks two fields
    assertThat(body.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo("e2eMs");
    assertThat(body.get("errors").get(0).get("reason").asText())
        .isEqualTo("must not be negative (was -5.0)");
    assertThat(body.get("errors").get(1).get("index").asInt()).isEqualTo(3);
    assertThat(body.get("errors").get(1).get("requestId").asText()).isEqualTo("m-1");
    assertThat(body.get("errors").get(1).get("field").asText()).isEqualTo("eventTimeMs");
    assertThat(body.get("errors").get(1).get("reason").asText()).isEqualTo("is required");
    assertThat(body.get("errors").get(2).get("field").asText()).isEqualTo("status");
    assertThat(producer.history()).hasSize(3);
  }

  @Test
  void rejectsMalformedBodies() throws Exception {
    start(config());
    assertThat(post("{\"requestId\":").statusCode()).isEqualTo(400);
    assertThat(json(post("{\"requestId\":")).get("error").asText()).startsWith("malformed JSON");
    assertThat(json(post("42")).get("error").asText()).contains("object or an array");
    assertThat(post("not gzip", "Content-Encoding", "gzip").statusCode()).isEqualTo(400);
    assertThat(post("{}", "Content-Encoding", "br").statusCode()).isEqualTo(415);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void enforcesTheSizeLimitsOnTheWireDecompressedAndInRecords() throws Exception {
    start(config().withLimits(4_000, 3));
    List<String> events = events(10);
    String big = "[" + String.join(",", events) + "]";
    assertThat(big.length()).isGreaterThan(4_000);
    HttpResponse<String> r = post(big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).contains("gateway.max-request-bytes=4000");
    byte[] zipped = gzip(big);
    assertThat(zipped.length).isLessThan(4_000);
    assertThat(post(zipped, "Content-Encoding", "gzip").statusCode())
        .as("decompressed size counts")
        .isEqualTo(413);
    String four = "[" + String.join(",", events.subList(0, 4)) + "]";
    assertThat(four.length()).isLessThan(4_000);
    assertThat(json(post(four)).get("error").asText()).contains("max-batch-records=3");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void requiresTheBearerTokenWhenConfigured() throws Exception {
    start(config().withAuthToken("s3cret"));
    String e = events(1).get(0);
    HttpResponse<String> none = post(e);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(post(e, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(post(e, "Authorization", "Bearer s3cret").statusCode()).isEqualTo(202);
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void answersHealthAndRejectsOtherMethodsAndPaths() throws Exception {
    start(config());
    post(events(1).get(0));
    URI base = gateway.uri().resolve("/");
    HttpResponse<String> health =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("UP");
    assertThat(json(health).get("accepted").asLong()).isEqualTo(1);
    HttpResponse<String> get =
        HTTP.send(
            HttpRequest.newBuilder(gateway.uri()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(
            HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/nope")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void answers503WhenKafkaDoesNotAcknowledge() throws Exception {
    producer =
        new MockProducer<>(
            false, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, RequestTiming> r, Callback cb) {
            Future<RecordMetadata> f = super.send(r, cb);
            errorNext(new org.apache.kafka.common.errors.TimeoutException("broker unavailable"));
            return f;
          }
        };
    start(config());
    HttpResponse<String> r = post("[" + String.join(",", events(2)) + "]");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(json(r).get("accepted").asInt()).isZero();
    assertThat(json(r).get("failed").asInt()).isEqualTo(2);
    assertThat(json(r).get("error").asText()).contains("broker unavailable").contains("retry");
  }
}
