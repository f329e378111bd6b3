package dev.r1lat.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.KafkaTestSupport;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class IngestGatewayIT {

  @Test
  void postedEventsLandInKafkaAndBadOnesAreReported(Endpoints endpoints) throws Exception {
    String topic = KafkaTestSupport.newTopic(endpoints, "it-gateway");
    GatewayConfig config = GatewayConfig.defaults(topic).withPort(0).withAuthToken("it-token");
    Map<String, Object> props =
        KafkaProducerConfigs.reliable(
            endpoints.kafkaBootstrap(),
            "it-gateway",
            Duration.ofMillis(5),
            65_536,
            "lz4",
            Map.of());
    List<RequestTiming> events =
        FleetSimulator.stream(
                SimulatorConfig.builder()
                    .seed(21)
                    .start(Instant.now().minus(Duration.ofMinutes(20)))
                    .duration(Duration.ofMinutes(5))
                    .build())
            .limit(1_000)
            .toList();
    List<String> items = new ArrayList<>();
    events.forEach(e -> items.add(TimingJson.toJson(e)));
    items.add(
        100,
        "{\"requestId\":\"bad-1\",\"eventTimeMs\":1,\"region\":\"eu-west\",\"tier\":\"H100\",\"model\":\"m\",\"status\":\"OK\",\"e2eMs\":1}");
    String body = "[" + String.join(",", items) + "]";
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> r;
    try (IngestGateway gateway = IngestGateway.create(config, props).start()) {
      r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(gateway.uri())
                      .header("Content-Type", "application/json")
                      .header("Content-Encoding", "gzip")
                      .header("Authorization", "Bearer it-token")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    }
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode json = TimingJson.mapper().readTree(r.body());
    assertThat(json.get("accepted").asInt()).isEqualTo(1_000);
    assertThat(json.get("rejected").asInt()).isEqualTo(1);
    assertThat(json.get("errors").get(0).get("index").asInt()).isEqualTo(100);
    assertThat(json.get("errors").get(0).get("field").asText()).isEqualTo("eventTimeMs");

    // 4xx with accepted=1000 means: those 1000 were acknowledged before the response was sent
    List<ConsumerRecord<String, RequestTiming>> received =
        KafkaTestSupport.readAll(endpoints, topic, events.size());
    assertThat(received.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void shouldWriteOnlyTheEventsItAcceptsFromA101DayBackfill(Endpoints endpoints) throws Exception {
    String topic = KafkaTestSupport.newTopic(endpoints, "it-gateway-old");
    GatewayConfig config = GatewayConfig.defaults(topic).withPort(0);
    long day = Duration.ofDays(1).toMillis();
    long now = System.currentTimeMillis();
    List<RequestTiming> events = new ArrayList<>();
    FleetSimulator.stream(
            SimulatorConfig.builder()
                .seed(5)
                .start(Instant.now().minus(Duration.ofMinutes(20)))
                .duration(Duration.ofMinutes(5))
                .build())
        .limit(101)
        .forEach(events::add);
    for (int i = 0; i < 101; i++) { // one a day over 101 days, an hour clear of day boundaries
      events.get(i).setEventTimeMs(now - i * day - Duration.ofHours(1).toMillis());
    }
    String body =
        "[" + events.stream().map(TimingJson::toJson).collect(Collectors.joining(",")) + "]";
    HttpResponse<String> r;
    try (IngestGateway gateway =
        IngestGateway.create(
                config,
                KafkaProducerConfigs.reliable(
                    endpoints.kafkaBootstrap(),
                    "it-gateway-old",
                    Duration.ofMillis(5),
                    65_536,
                    "lz4",
                    Map.of()))
            .start()) {
      r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(gateway.uri())
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    }
    long maxAgeDays = config.rules().maxAgeMs() / day;
    List<RequestTiming> young = events.subList(0, (int) maxAgeDays);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode json = TimingJson.mapper().readTree(r.body());
    assertThat(json.get("accepted").asInt()).isEqualTo(young.size()).isEqualTo(14);
    assertThat(json.get("rejected").asInt()).isEqualTo(101 - young.size());
    List<Integer> named = new ArrayList<>();
    json.get("errors").forEach(e -> named.add(e.get("index").asInt()));
    assertThat(named)
        .isEqualTo(IntStream.range(young.size(), 101).boxed().toList())
        .allSatisfy(i -> assertThat(i).isGreaterThanOrEqualTo((int) maxAgeDays));

    // accepted = in the topic; refused = not written (nothing accepted, then dropped downstream)
    List<ConsumerRecord<String, RequestTiming>> received =
        KafkaTestSupport.readAll(endpoints, topic, young.size());
    assertThat(received.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(young);
  }
}
