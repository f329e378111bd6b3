package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.gateway.IngestGateway;
import dev.r1lat.ingest.otlp.OtlpHttpTimingSink;
import dev.r1lat.ingest.otlp.OtlpReceiver;
import dev.r1lat.ingest.otlp.SpanMapping;
import dev.r1lat.ingest.otlp.VllmSpanEncoder;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OTLP path end to end: vLLM-shaped spans ({@code simulate --otlp}'s encoder) through the
 * gateway's OTLP receivers (HTTP/protobuf and gRPC, batch by batch), the streams app and the sink,
 * against the same requests posted as JSON to {@code /v1/timings} (as what vLLM reports of them,
 * under region "j-" + region and request id "j-" + id, in the same pipeline): every 1-minute window
 * stats row in ClickHouse is the same.
 */
@ExtendWith(RealStackExtension.class)
class OtlpStatsIT {
  static final int EVENTS = 3_000;
  static final int BATCH = 200;

  @Test
  void shouldLandOtlpSpansAsTheSameWindowStatsAsTheSameRequestsPostedAsJson(
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
      GatewayConfig config = GatewayConfig.defaults(p.topics().requestTimings().name()).withPort(0);
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
              new OtlpReceiver(config, SpanMapping.defaults(), "127.0.0.1", 0, 0, kafka).start()) {
        OtlpHttpTimingSink spans = new OtlpHttpTimingSink(otlp.httpTracesUri(), "");
        ManagedChannel channel =
            NettyChannelBuilder.forAddress("127.0.0.1", otlp.grpcPort()).usePlaintext().build();
        TraceServiceGrpc.TraceServiceBlockingStub grpc = TraceServiceGrpc.newBlockingStub(channel);
        // interleaved in event-time order, so neither copy is late for the other's windows;
        // OTLP batches alternate between HTTP/protobuf and gRPC
        for (int i = 0; i < events.size(); i += BATCH) {
          List<RequestTiming> batch = events.subList(i, Math.min(events.size(), i + BATCH));
          if ((i / BATCH) % 2 == 0) {
            batch.forEach(spans::accept);
            spans.flush();
          } else {
            assertThat(grpc.export(VllmSpanEncoder.encode(batch)).hasPartialSuccess()).isFalse();
          }
          String body =
              batch.stream()
                  .map(OtlpStatsIT::asJsonCopy)
                  .map(TimingJson::toJson)
                  .collect(Collectors.joining(",", "[", "]"));
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(json.uri())
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
        channel.shutdownNow();
        assertThat(spans.rejected()).isZero();
        assertThat(otlp.metrics().accepted()).isEqualTo(EVENTS);
      }
      Settle.pipeline(p, 2L * EVENTS, 2L * EVENTS, Duration.ofMinutes(4));

      Map<String, double[]> fromOtlp = new TreeMap<>();
      Map<String, double[]> fromJson = new TreeMap<>();
      try (Client ch = p.warehouse().settings().withDatabase("default").client()) {
        for (GenericRecord r :
            ClickHouseCalls.query(
                ch,
                "SELECT toUnixTimestamp64Milli(window_start) AS w, region, tier,"
                    + " toString(dimensions) AS dims, component, count, error_count,"
                    + " p50, p90, p95, p99, p999, max, mean"
                    + " FROM {db:Identifier}.latency_stats_1m"
                    + " WHERE region != '*' AND tier != '*'",
                Map.of("db", p.warehouse().settings().database()))) {
          String region = r.getString("region");
          boolean copy = region.startsWith("j-");
          String key =
              String.join(
                  " ",
                  Long.toString(r.getLong("w")),
                  copy ? region.substring(2) : region,
                  r.getString("tier"),
                  r.getString("dims"),
                  r.getString("component"));
          double[] v = {
            r.getLong("count"), r.getLong("error_count"), r.getDouble("p50"), r.getDouble("p90"),
            r.getDouble("p95"), r.getDouble("p99"), r.getDouble("p999"), r.getDouble("max"),
            r.getDouble("mean")
          };
          (copy ? fromJson : fromOtlp).put(key, v);
        }
      }
      assertThat(fromOtlp).isNotEmpty();
      assertThat(fromOtlp.keySet()).containsExactlyElementsOf(fromJson.keySet());
      fromOtlp.forEach(
          (k, v) -> {
            double[] j = fromJson.get(k);
            for (int i = 0; i < v.length - 1; i++) {
              assertThat(v[i]).as(k + " column " + i).isEqualTo(j[i]);
            }
            // a mean is a sum in arrival order: equal up to rounding
            assertThat(v[v.length - 1])
                .as(k + " mean")
                .isCloseTo(j[v.length - 1], within(1e-9 * Math.abs(j[v.length - 1]) + 1e-12));
          });
      System.out.println(
          "[otlp-stats] " + fromOtlp.size() + " window stats rows equal for OTLP and JSON");
    }
  }

  /**
   * What vLLM reports of {@code t} (no network, preprocess, postprocess, inter-token gap, TTFO or
   * reasoning split; latencies through seconds), as a JSON client would post it, relabelled.
   */
  static RequestTiming asJsonCopy(RequestTiming t) {
    RequestTiming r = RequestTiming.newBuilder(t).build();
    r.setRequestId("j-" + t.getRequestId());
    r.setRegion("j-" + t.getRegion());
    r.setQuantization(null);
    r.setStreaming(true);
    r.setCachedPromptTokens(null);
    r.setResponseCacheHit(null);
    r.setBatchSize(null);
    Integer reasoning = t.getReasoningTokens();
    Integer answer = t.getAnswerTokens();
    r.setReasoningTokens(null);
    r.setAnswerTokens(
        reasoning == null && answer == null
            ? null
            : (reasoning == null ? 0 : reasoning) + (answer == null ? 0 : answer));
    r.setNetworkInMs(null);
    r.setPreprocessMs(null);
    r.setPostprocessMs(null);
    r.setNetworkOutMs(null);
    r.setMaxInterTokenGapMs(null);
    r.setTtfoMs(null);
    r.setQueueMs(viaSeconds(t.getQueueMs()));
    r.setPrefillMs(viaSeconds(t.getPrefillMs()));
    r.setTtftMs(viaSeconds(t.getTtftMs()));
    r.setDecodeMs(viaSeconds(t.getDecodeMs()));
    r.setE2eMs(t.getE2eMs() / 1000.0 * 1000.0);
    if (t.getStatus() == RequestStatus.TIMEOUT) {
      r.setErrorCode("DEADLINE_EXCEEDED");
    } else if (t.getStatus() != RequestStatus.ERROR) {
      r.setErrorCode(null);
    }
    return r;
  }

  private static Double viaSeconds(Double ms) {
    return ms == null ? null : ms / 1000.0 * 1000.0;
  }
}
