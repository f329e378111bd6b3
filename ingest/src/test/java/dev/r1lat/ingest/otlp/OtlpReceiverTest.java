package dev.r1lat.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.testsupport.VllmSdkSpans;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OTLP receivers against the real SDK exporters and raw clients, Kafka replaced by a mock. */
class OtlpReceiverTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  MockProducer<String, RequestTiming> producer = producer(true);
  OtlpReceiver receiver;

  static MockProducer<String, RequestTiming> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  OtlpReceiver start(GatewayConfig config) throws Exception {
    receiver =
        new OtlpReceiver(config, SpanMapping.defaults(), "127.0.0.1", 0, 0, producer).start();
    return receiver;
  }

  static List<RequestTiming> events(int n, long seed) {
    return FleetSimulator.stream(
            SimulatorConfig.builder()
                .seed(seed)
                .start(Instant.now().minus(Duration.ofMinutes(30)))
                .duration(Duration.ofMinutes(5))
                .build())
        .limit(n)
        .toList();
  }

  static List<RequestTiming> expected(List<RequestTiming> events) {
    return events.stream().map(VllmSdkSpans::asVllmReports).toList();
  }

  /** The SDK's HTTP exporter sending OTLP/JSON: its builder offers it only internally. */
  static SpanExporter jsonExporter(URI endpoint) throws Exception {
    OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder().setEndpoint(endpoint.toString());
    var delegate = OtlpHttpSpanExporterBuilder.class.getDeclaredField("delegate");
    delegate.setAccessible(true);
    delegate.getType().getMethod("exportAsJson").invoke(delegate.get(b));
    return b.build();
  }

  static void export(SpanExporter exporter, List<SpanData> spans) {
    try (exporter) {
      assertThat(exporter.export(spans).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    }
  }

  @Test
  void shouldTurnVllmSpansFromTheSdkExportersIntoTheEventsVllmCanReport() throws Exception {
    start(GatewayConfig.defaults("t"));
    List<RequestTiming> grpc = events(300, 1);
    List<RequestTiming> http = events(300, 2);
    List<RequestTiming> json = events(300, 3);

    export(
        OtlpGrpcSpanExporter.builder().setEndpoint(receiver.grpcEndpoint().toString()).build(),
        VllmSdkSpans.spans(grpc));
    export(
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.httpTracesUri().toString())
            .setCompression("gzip")
            .build(),
        VllmSdkSpans.spans(http));
    export(jsonExporter(receiver.httpTracesUri()), VllmSdkSpans.spans(json));

    assertThat(producer.history().stream().map(r -> r.value()).toList())
        .containsExactlyInAnyOrderElementsOf(
            expected(java.util.stream.Stream.of(grpc, http, json).flatMap(List::stream).toList()));
    assertThat(producer.history())
        .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getRequestId()));
    assertThat(receiver.metrics().accepted()).isEqualTo(900);
  }

  static ExportTraceServiceRequest request(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(SpanMapperTest.kv("cloud.region", "eu-west"))
                        .addAttributes(SpanMapperTest.kv("host.type", "NVIDIA-H100-80GB-HBM3")))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build();
  }

  static Span good(String id) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return Span.newBuilder()
        .setName("llm_request")
        .setTraceId(ByteString.copyFrom(new byte[16]))
        .setStartTimeUnixNano(now - 2_000_000_000L)
        .setEndTimeUnixNano(now)
        .addAttributes(SpanMapperTest.kv("gen_ai.request.id", id))
        .addAttributes(SpanMapperTest.kv("gen_ai.response.model", "deepseek-r1"))
        .addAttributes(SpanMapperTest.kv("gen_ai.latency.e2e", 2.0))
        .build();
  }

  static Span negativeTtft(String id) {
    return good(id).toBuilder()
        .addAttributes(SpanMapperTest.kv("gen_ai.latency.time_to_first_token", -0.5))
        .build();
  }

  static Span notARequest() {
    return Span.newBuilder().setName("POST /v1/chat/completions").build();
  }

  HttpResponse<byte[]> post(byte[] body, String type, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(receiver.httpTracesUri())
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  TraceServiceGrpc.TraceServiceBlockingStub grpcClient(List<ManagedChannel> keep) {
    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
    keep.add(ch);
    return TraceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldAnswerPartialSuccessAndCountIgnoredSpans() throws Exception {
    start(GatewayConfig.defaults("t"));
    ExportTraceServiceRequest r = request(good("a"), negativeTtft("b"), notARequest());

    HttpResponse<byte[]> http = post(r.toByteArray(), "application/x-protobuf");
    List<ManagedChannel> channels = new java.util.ArrayList<>();
    ExportTraceServiceResponse grpc =
        grpcClient(channels).export(request(negativeTtft("c"), good("d")));
    channels.forEach(ManagedChannel::shutdownNow);

    assertThat(http.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(http.body());
    assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(answer.getPartialSuccess().getErrorMessage()).contains("span b").contains("ttftMs");
    assertThat(grpc.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(producer.history().stream().map(x -> x.key()).toList()).containsExactly("a", "d");
    assertThat(receiver.metrics().ignored()).isEqualTo(1);
    assertThat(receiver.metrics().rejected()).isEqualTo(2);
  }

  @Test
  void shouldRefuseBadOtlpBodiesAsTheSpecSaysAndWriteNothing() throws Exception {
    start(GatewayConfig.defaults("t").withLimits(64 * 1024, 10_000));
    byte[] garbage = {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
      gz.write(" ".repeat(1 << 20).getBytes()); // valid JSON whitespace, 16x the limit unzipped
    }

    HttpResponse<byte[]> proto = post(garbage, "application/x-protobuf");
    HttpResponse<byte[]> json = post("{\"resourceSpans\": [".getBytes(), "application/json");
    HttpResponse<byte[]> notJson = post("[1,2]".getBytes(), "application/json");
    HttpResponse<byte[]> badHex =
        post(
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}"
                .getBytes(),
            "application/json");
    HttpResponse<byte[]> notGzip =
        post(
            request(good("x")).toByteArray(), "application/x-protobuf", "Content-Encoding", "gzip");
    HttpResponse<byte[]> gzipBomb =
        post(bomb.toByteArray(), "application/json", "Content-Encoding", "gzip");
    HttpResponse<byte[]> tooLarge = post(new byte[100 * 1024], "application/x-protobuf");
    HttpResponse<byte[]> wrongType = post(request(good("y")).toByteArray(), "text/plain");
    HttpResponse<byte[]> brotli =
        post(request(good("z")).toByteArray(), "application/x-protobuf", "Content-Encoding", "br");

    assertThat(proto.statusCode()).isEqualTo(400);
    assertThat(com.google.rpc.Status.parseFrom(proto.body()).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(new String(json.body())).contains("\"code\":3");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(badHex.statusCode()).isEqualTo(400);
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(gzipBomb.statusCode()).isEqualTo(413);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void shouldAskClientsToRetryLaterWhenBusyOrKafkaDoesNotAcknowledge() throws Exception {
    producer = producer(false); // Kafka never acknowledges
    start(GatewayConfig.defaults("t").withAdmission(Duration.ofMillis(1500), 1, 0));
    byte[] body = request(good("slow")).toByteArray();
    var first =
        HTTP.sendAsync(
            HttpRequest.newBuilder(receiver.httpTracesUri())
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    long until = System.currentTimeMillis() + 5_000;
    while (producer.history().isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(10); // the only worker is now waiting for Kafka
    }
    HttpResponse<byte[]> busy = post(body, "application/x-protobuf");
    List<ManagedChannel> channels = new java.util.ArrayList<>();
    StatusRuntimeException busyGrpc =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> grpcClient(channels).export(request(good("g"))));
    HttpResponse<byte[]> unavailable = first.get(10, TimeUnit.SECONDS);
    StatusRuntimeException unavailableGrpc =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> grpcClient(channels).export(request(good("h"))));
    channels.forEach(ManagedChannel::shutdownNow);

    assertThat(busy.statusCode()).isEqualTo(429);
    assertThat(busy.headers().firstValue("Retry-After")).contains("1");
    assertThat(retryDelaySeconds(com.google.rpc.Status.parseFrom(busy.body()))).isEqualTo(1);
    assertThat(busyGrpc.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(retryDelaySeconds(StatusProto.fromThrowable(busyGrpc))).isEqualTo(1);
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.headers().firstValue("Retry-After")).contains("1");
    assertThat(unavailableGrpc.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(retryDelaySeconds(StatusProto.fromThrowable(unavailableGrpc))).isEqualTo(1);
  }

  static long retryDelaySeconds(com.google.rpc.Status s) throws Exception {
    for (com.google.protobuf.Any d : s.getDetailsList()) {
      if (d.is(RetryInfo.class)) {
        return d.unpack(RetryInfo.class).getRetryDelay().getSeconds();
      }
    }
    return -1;
  }

  @Test
  void shouldRequireTheGatewayTokenOnBothTransports() throws Exception {
    start(GatewayConfig.defaults("t").withAuthToken("s3cret"));
    byte[] body = request(good("a")).toByteArray();

    HttpResponse<byte[]> none = post(body, "application/x-protobuf");
    List<ManagedChannel> channels = new java.util.ArrayList<>();
    StatusRuntimeException grpc =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> grpcClient(channels).export(request(good("b"))));
    channels.forEach(ManagedChannel::shutdownNow);
    export(
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.httpTracesUri().toString())
            .addHeader("Authorization", "Bearer s3cret")
            .build(),
        VllmSdkSpans.spans(events(5, 9)));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(producer.history()).hasSize(5);
    assertThat(AnyValue.getDefaultInstance()).isNotNull();
    assertThat(KeyValue.getDefaultInstance()).isNotNull();
  }
}
