package dev.r1lat.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.KafkaTestSupport;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.gateway.IngestGateway;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import dev.r1lat.testsupport.VllmSdkSpans;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * vLLM-shaped {@code llm_request} spans sent by the OpenTelemetry Java SDK's OTLP exporters (gRPC,
 * HTTP/protobuf with gzip, HTTP/JSON) to the gateway's receivers, on the real local broker: the
 * events on the topic are exactly those the same requests give when posted as JSON to {@code
 * /v1/timings} (what vLLM can report of them); bad OTLP input is answered and never written.
 */
@ExtendWith(RealStackExtension.class)
class OtlpReceiverIT {

  static Map<String, Object> props(Endpoints endpoints, String id) {
    return KafkaProducerConfigs.reliable(
        endpoints.kafkaBootstrap(), id, Duration.ofMillis(5), 65_536, "lz4", Map.of());
  }

  static List<RequestTiming> values(List<ConsumerRecord<String, RequestTiming>> records) {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  @Test
  void shouldWriteTheSameEventsForSdkOtlpExportsAsForTheJsonEndpoint(Endpoints endpoints)
      throws Exception {
    String otlpTopic = KafkaTestSupport.newTopic(endpoints, "it-otlp");
    String jsonTopic = KafkaTestSupport.newTopic(endpoints, "it-otlp-json");
    List<RequestTiming> viaGrpc = OtlpReceiverTest.events(400, 31);
    List<RequestTiming> viaHttp = OtlpReceiverTest.events(400, 32);
    List<RequestTiming> viaJson = OtlpReceiverTest.events(400, 33);
    List<RequestTiming> all = new ArrayList<>(viaGrpc);
    all.addAll(viaHttp);
    all.addAll(viaJson);

    GatewayConfig otlpConfig = GatewayConfig.defaults(otlpTopic).withPort(0);
    Producer<String, RequestTiming> kafka =
        IngestGateway.producer(otlpConfig, props(endpoints, "it-otlp"));
    try (IngestGateway owner = new IngestGateway(otlpConfig, kafka);
        OtlpReceiver receiver =
            new OtlpReceiver(otlpConfig, SpanMapping.defaults(), "127.0.0.1", 0, 0, kafka)
                .start()) {
      OtlpReceiverTest.export(
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(receiver.grpcEndpoint().toString())
              .setCompression("gzip")
              .build(),
          VllmSdkSpans.spans(viaGrpc));
      OtlpReceiverTest.export(
          OtlpHttpSpanExporter.builder()
              .setEndpoint(receiver.httpTracesUri().toString())
              .setCompression("gzip")
              .build(),
          VllmSdkSpans.spans(viaHttp));
      OtlpReceiverTest.export(
          OtlpReceiverTest.jsonExporter(receiver.httpTracesUri()), VllmSdkSpans.spans(viaJson));
      assertThat(receiver.metrics().accepted()).isEqualTo(all.size());
    }

    // the same requests, as what vLLM reports of them, through POST /v1/timings
    String body =
        all.stream()
            .map(VllmSdkSpans::asVllmReports)
            .map(TimingJson::toJson)
            .collect(Collectors.joining(",", "[", "]"));
    try (IngestGateway json =
        IngestGateway.create(
                GatewayConfig.defaults(jsonTopic).withPort(0), props(endpoints, "it-otlp-json"))
            .start()) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(json.uri())
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    List<RequestTiming> fromOtlp =
        values(KafkaTestSupport.readAll(endpoints, otlpTopic, all.size()));
    List<RequestTiming> fromJson =
        values(KafkaTestSupport.readAll(endpoints, jsonTopic, all.size()));
    assertThat(fromOtlp).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(fromJson);
    assertThat(fromOtlp)
        .containsExactlyInAnyOrderElementsOf(
            all.stream().map(VllmSdkSpans::asVllmReports).toList());
  }

  @Test
  void shouldNeverWriteBadOtlpInput(Endpoints endpoints) throws Exception {
    String topic = KafkaTestSupport.newTopic(endpoints, "it-otlp-bad");
    GatewayConfig config = GatewayConfig.defaults(topic).withPort(0);
    Producer<String, RequestTiming> kafka = IngestGateway.producer(config, props(endpoints, "bad"));
    List<Integer> statuses = new ArrayList<>();
    try (IngestGateway owner = new IngestGateway(config, kafka);
        OtlpReceiver receiver =
            new OtlpReceiver(config, SpanMapping.defaults(), "127.0.0.1", 0, 0, kafka).start()) {
      HttpClient http = HttpClient.newHttpClient();
      for (String[] bad :
          new String[][] {
            {"application/x-protobuf", "\n\u00ff\u00ff garbage"},
            {"application/json", "{\"resourceSpans\": [{"},
            {"text/plain", "hello"}
          }) {
        statuses.add(
            http.send(
                    HttpRequest.newBuilder(receiver.httpTracesUri())
                        .header("Content-Type", bad[0])
                        .POST(HttpRequest.BodyPublishers.ofString(bad[1]))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode());
      }
      // a well-formed export whose only request span breaks a rule: 200, rejected, not written
      byte[] rejected =
          OtlpReceiverTest.request(
                  OtlpReceiverTest.negativeTtft("bad-ttft"), OtlpReceiverTest.notARequest())
              .toByteArray();
      statuses.add(
          http.send(
                  HttpRequest.newBuilder(receiver.httpTracesUri())
                      .header("Content-Type", "application/x-protobuf")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(rejected))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode());
      assertThat(receiver.metrics().rejected()).isEqualTo(1);
      assertThat(receiver.metrics().ignored()).isEqualTo(1);
    }

    assertThat(statuses).containsExactly(400, 400, 415, 200);
    assertThat(KafkaTestSupport.readAll(endpoints, topic, 0)).isEmpty();
  }
}
