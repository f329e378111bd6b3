package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.gateway.IngestGateway;
import dev.r1lat.ingest.otlp.OtlpReceiver;
import dev.r1lat.ingest.otlp.SpanMapping;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import dev.r1lat.testsupport.VllmSdkSpans;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OTLP path end to end with real clients: the same simulated requests as vLLM-shaped {@code
 * llm_request} spans through the OpenTelemetry Java SDK's OTLP exporters, once over gRPC and once
 * over HTTP/protobuf (both gzip), to the gateway's receivers, and once as what vLLM reports of them
 * posted as JSON to {@code /v1/timings}, all through one streams app and one sink. Each copy has
 * its own region and request-id prefix ("g-", "h-", "j-"), so each gives its own window stats rows;
 * every 1-minute row of a region x tier must be the same for the three copies: counts, failure
 * split, goodput, SLO counts, every percentile, max and both sketches exactly, the mean up to
 * rounding.
 */
@ExtendWith(RealStackExtension.class)
class OtlpStatsIT {
  static final int EVENTS = 3_000;
  static final int BATCH = 200;
  static final List<String> PATHS = List.of("g-", "h-", "j-");

  /** Compared as text, so equal means bit-for-bit equal doubles and the same NULLs. */
  static final List<String> EXACT =
      List.of(
          "revision",
          "count",
          "error_count",
          "ok_count",
          "timeout_count",
          "cancelled_count",
          "good_count",
          "slo_threshold_ms",
          "over_slo_count",
          "p50",
          "p90",
          "p95",
          "p99",
          "p999",
          "max",
          "sketch_keys",
          "sketch_counts",
          "failed_sketch_keys",
          "failed_sketch_counts");

  @Test
  void shouldLandSdkOtlpExportsAsTheSameWindowStatsAsTheSameRequestsPostedAsJson(
      Stack stack, Endpoints endpoints) throws Exception {
    List<RequestTiming> events =
        FleetSimulator.stream(
                SimulatorConfig.builder()
                    .seed(15)
                    .rate(20)
                    .start(Instant.now().minus(Duration.ofMinutes(20)))
                    .duration(Duration.ofMinutes(5))
                    .outOfOrder(0, Duration.ofSeconds(1))
                    .late(0, Duration.ofMinutes(2), Duration.ofMinutes(3))
                    .build())
            .limit(EVENTS)
            .toList();
    try (Pipeline p = Pipeline.create(ItEnv.of(stack, endpoints), "otlp")) {
      p.streamsSetting("streams.grace", "60s");
      p.startSinkInProcess();
      p.startStreams("a");
      send(p.topics().requestTimings().name(), endpoints, events);
      Settle.pipeline(p, 3L * EVENTS, 3L * EVENTS, Duration.ofMinutes(4));

      Map<String, Map<String, Row>> byPath = rows(p);
      Map<String, Row> grpc = byPath.get("g-");
      assertThat(grpc).isNotEmpty();
      assertThat(
              grpc.entrySet().stream()
                  .filter(e -> e.getKey().contains(" e2e "))
                  .mapToLong(e -> Long.parseLong(e.getValue().exact().get("count")))
                  .sum())
          .as("requests in the e2e rows")
          .isEqualTo(EVENTS);
      for (String path : List.of("h-", "j-")) {
        Map<String, Row> other = byPath.get(path);
        assertThat(other.keySet()).as(path + " rows").containsExactlyElementsOf(grpc.keySet());
        grpc.forEach(
            (k, g) -> {
              Row o = other.get(k);
              assertThat(o.exact()).as(path + " " + k).isEqualTo(g.exact());
              // a mean is a sum in arrival order: equal up to rounding
              assertThat(o.mean())
                  .as(path + " " + k + " mean")
                  .isCloseTo(g.mean(), within(1e-9 * Math.abs(g.mean()) + 1e-12));
            });
      }
      System.out.println(
          "[otlp-stats] "
              + grpc.size()
              + " window stats rows equal for SDK OTLP/gRPC, SDK OTLP/HTTP and JSON");
    }
  }

  /**
   * Sends every batch three times, in event-time order, so no copy is late for the others' windows:
   * SDK gRPC, SDK HTTP/protobuf, JSON.
   */
  static void send(String topic, Endpoints endpoints, List<RequestTiming> events) throws Exception {
    GatewayConfig config = GatewayConfig.defaults(topic).withPort(0);
    Producer<String, RequestTiming> kafka =
        IngestGateway.producer(
            config,
            KafkaProducerConfigs.reliable(
                endpoints.kafkaBootstrap(),
                "it-otlp-stats",
                Duration.ofMillis(5),
                65_536,
                "lz4",
                Map.of()));
    HttpClient http = HttpClient.newHttpClient();
    try (IngestGateway json = new IngestGateway(config, kafka).start();
        OtlpReceiver otlp =
            new OtlpReceiver(config, SpanMapping.defaults(), "127.0.0.1", 0, 0, kafka).start();
        SpanExporter grpc =
            OtlpGrpcSpanExporter.builder()
                .setEndpoint(otlp.grpcEndpoint().toString())
                .setCompression("gzip")
                .build();
        SpanExporter httpProto =
            OtlpHttpSpanExporter.builder()
                .setEndpoint(otlp.httpTracesUri().toString())
                .setCompression("gzip")
                .build()) {
      for (int i = 0; i < events.size(); i += BATCH) {
        List<RequestTiming> batch = events.subList(i, Math.min(events.size(), i + BATCH));
        VllmSdkSpans.export(grpc, labelled(batch, "g-"));
        VllmSdkSpans.export(httpProto, labelled(batch, "h-"));
        postJson(http, json.uri(), labelled(batch, "j-"));
      }
      // the SDK takes a partial success as success: the receiver's counters say it was none
      assertThat(otlp.metrics().rejected()).isZero();
      assertThat(otlp.metrics().ignored()).isZero();
      assertThat(otlp.metrics().accepted()).isEqualTo(2L * EVENTS);
    }
  }

  /** {@code batch} under region and request id {@code prefix} + theirs. */
  static List<RequestTiming> labelled(List<RequestTiming> batch, String prefix) {
    return batch.stream()
        .map(
            t -> {
              RequestTiming r = RequestTiming.newBuilder(t).build();
              r.setRequestId(prefix + t.getRequestId());
              r.setRegion(prefix + t.getRegion());
              return r;
            })
        .toList();
  }

  /** What vLLM reports of each request, as a JSON client would post it. */
  static void postJson(HttpClient http, URI uri, List<RequestTiming> batch) throws Exception {
    String body =
        batch.stream()
            .map(VllmSdkSpans::asVllmReports)
            .map(TimingJson::toJson)
            .collect(Collectors.joining(",", "[", "]"));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  record Row(Map<String, String> exact, double mean) {}

  /**
   * The region x tier rows of latency_stats_1m by path prefix, keyed by window, region without the
   * prefix, tier, dimensions, component and revision; a key twice in one path fails (a duplicate
   * row).
   */
  static Map<String, Map<String, Row>> rows(Pipeline p) {
    Map<String, Map<String, Row>> byPath = new TreeMap<>();
    PATHS.forEach(path -> byPath.put(path, new TreeMap<>()));
    String sql =
        "SELECT toUnixTimestamp64Milli(window_start) AS w, region, tier,"
            + " toString(mapSort(dimensions)) AS dims, component, mean, "
            + EXACT.stream()
                .map(c -> "ifNull(toString(" + c + "), 'NULL') AS s_" + c)
                .collect(Collectors.joining(", "))
            + " FROM {db:Identifier}.latency_stats_1m WHERE region != '*' AND tier != '*'";
    try (Client ch = p.warehouse().settings().withDatabase("default").client()) {
      for (GenericRecord r :
          ClickHouseCalls.query(ch, sql, Map.of("db", p.warehouse().settings().database()))) {
        String region = r.getString("region");
        Map<String, Row> path = byPath.get(region.substring(0, 2));
        assertThat(path).as("region " + region).isNotNull();
        String key =
            String.join(
                " ",
                Long.toString(r.getLong("w")),
                region.substring(2),
                r.getString("tier"),
                r.getString("dims"),
                r.getString("component"),
                r.getString("s_revision"));
        Map<String, String> exact = new LinkedHashMap<>();
        EXACT.forEach(c -> exact.put(c, r.getString("s_" + c)));
        assertThat(path.put(key, new Row(exact, r.getDouble("mean"))))
            .as("duplicate row " + region + " " + key)
            .isNull();
      }
    }
    return byPath;
  }
}
