package dev.r1lat.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.gateway.BodyLimits;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanMapperTest {
  static final SpanMapper DEFAULTS = new SpanMapper(SpanMapping.defaults());
  static final TimingRules RULES =
      TimingRules.of(86_400_000, Duration.ofMinutes(5), Duration.ofDays(14));

  static ExportTraceServiceRequest fixture() throws Exception {
    try (InputStream in = SpanMapperTest.class.getResourceAsStream("/otlp/vllm-llm-request.json")) {
      return new OtlpDecoder(new BodyLimits(1 << 20, 100, 10)).decode(in, true, false);
    }
  }

  static Map<String, AnyValue> resource(ExportTraceServiceRequest r) {
    return SpanAttributes.index(r.getResourceSpans(0).getResource().getAttributesList());
  }

  static KeyValue kv(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  static KeyValue kv(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static Span.Builder span(String name, KeyValue... attributes) {
    long end = 1_795_674_023_120_900_000L;
    return Span.newBuilder()
        .setName(name)
        .setTraceId(
            ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174")))
        .setStartTimeUnixNano(end - 3_000_000_000L)
        .setEndTimeUnixNano(end)
        .addAllAttributes(List.of(attributes));
  }

  static final Map<String, AnyValue> H100_EU =
      SpanAttributes.index(
          List.of(kv("cloud.region", "eu-west"), kv("host.type", "NVIDIA-H100-80GB-HBM3")));

  /**
   * The attribute names and units are those vLLM sets on its {@code llm_request} SERVER span:
   * {@code SpanAttributes} in vllm-project/vllm {@code vllm/tracing.py} (gen_ai.usage.*,
   * gen_ai.request.*, gen_ai.response.model, gen_ai.latency.* in seconds), filled in {@code
   * vllm/v1/engine/output_processor.py} ({@code do_tracing}: span start = arrival time, queue =
   * scheduled - queued, prefill = first token - scheduled, decode = last - first token, e2e =
   * finish - arrival). The fixture is that span in OTLP/JSON with the API server's HTTP span next
   * to it; the resource carries cloud.region and the GPU product label a Kubernetes deployment
   * adds.
   */
  @Test
  void shouldMapVllmLlmRequestSpanFromItsOtlpJsonExport() throws Exception {
    ExportTraceServiceRequest r = fixture();
    List<Span> spans = r.getResourceSpans(0).getScopeSpans(0).getSpansList();

    SpanMapper.Mapped m = DEFAULTS.map(spans.get(0), resource(r));
    RequestTiming t = m.timing();

    assertThat(m.violations()).isEmpty();
    assertThat(t.getRequestId()).isEqualTo("chatcmpl-9f1c2e4a1b7d4c1e");
    assertThat(t.getEventTimeMs()).isEqualTo(1_795_674_023_120L);
    assertThat(t.getRegion()).isEqualTo("eu-west");
    assertThat(t.getTier()).isEqualTo("H100");
    assertThat(t.getModel()).isEqualTo("deepseek-r1");
    assertThat(t.getServerId()).isEqualTo("vllm-r1-7d9f-abcde");
    assertThat(t.getStatus()).isEqualTo(RequestStatus.OK);
    assertThat(t.getPromptTokens()).isEqualTo(812);
    assertThat(t.getAnswerTokens()).isEqualTo(1830);
    assertThat(t.getReasoningTokens()).isNull();
    assertThat(t.getQueueMs()).isCloseTo(12.5, within(1e-9));
    assertThat(t.getPrefillMs()).isCloseTo(95.1, within(1e-9));
    assertThat(t.getTtftMs()).isCloseTo(160.2, within(1e-9));
    assertThat(t.getDecodeMs()).isCloseTo(49_870.4, within(1e-6));
    assertThat(t.getE2eMs()).isCloseTo(50_120.9, within(1e-6));
    // not measured by vLLM: stays null
    assertThat(t.getTtfoMs()).isNull();
    assertThat(t.getNetworkInMs()).isNull();
    assertThat(t.getPreprocessMs()).isNull();
    assertThat(t.getPostprocessMs()).isNull();
    assertThat(t.getMaxInterTokenGapMs()).isNull();
    assertThat(RULES.violations(t, t.getEventTimeMs() + 50)).isEmpty();
    // the API server's HTTP span is not a request
    assertThat(DEFAULTS.map(spans.get(1), resource(r))).isNull();
  }

  @Test
  void shouldAddTheQueueWhenTheReportedTtftCannotIncludeIt() {
    Span s =
        span(
                "llm_request",
                kv("gen_ai.request.id", "r1"),
                kv("gen_ai.response.model", "m"),
                kv("gen_ai.latency.time_in_queue", 0.5),
                kv("gen_ai.latency.time_in_model_prefill", 0.09),
                kv("gen_ai.latency.time_to_first_token", 0.1),
                kv("gen_ai.latency.e2e", 3.0))
            .build();

    assertThat(DEFAULTS.map(s, H100_EU).timing().getTtftMs()).isCloseTo(600.0, within(1e-9));
    assertThat(mapper("otlp.ttft-includes-queue", "true").map(s, H100_EU).timing().getTtftMs())
        .isCloseTo(100.0, within(1e-9));
    // from arrival already (0.7 >= 0.5 + 0.09): auto keeps it, false adds the queue regardless
    Span fromArrival =
        s.toBuilder().addAttributes(0, kv("gen_ai.latency.time_to_first_token", 0.7)).build();
    assertThat(DEFAULTS.map(fromArrival, H100_EU).timing().getTtftMs())
        .isCloseTo(700.0, within(1e-9));
    assertThat(
            mapper("otlp.ttft-includes-queue", "false")
                .map(fromArrival, H100_EU)
                .timing()
                .getTtftMs())
        .isCloseTo(1200.0, within(1e-9));
  }

  @Test
  void shouldReadGenAiConventionSpansWithoutE2eAttribute() {
    Span s =
        span(
                "chat deepseek-r1",
                kv("gen_ai.operation.name", "chat"),
                kv("gen_ai.request.model", "deepseek-r1"),
                kv("gen_ai.usage.input_tokens", 100L),
                kv("gen_ai.usage.output_tokens", 201L),
                kv("gen_ai.usage.reasoning_tokens", 150L),
                kv("gen_ai.server.time_to_first_token", 0.2),
                kv("gen_ai.server.time_per_output_token", 0.01))
            .build();

    RequestTiming t = DEFAULTS.map(s, H100_EU).timing();

    assertThat(t.getE2eMs()).isCloseTo(3000.0, within(1e-6)); // span end - start
    assertThat(t.getReasoningTokens()).isEqualTo(150);
    assertThat(t.getAnswerTokens()).isEqualTo(51);
    assertThat(t.getDecodeMs()).isCloseTo(2000.0, within(1e-6)); // 0.01 s x (201 - 1)
    assertThat(t.getTtftMs()).isCloseTo(200.0, within(1e-9));
    // no request id attribute: trace id-span id, the same on every retry of the export
    assertThat(t.getRequestId()).isEqualTo("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174");
  }

  @Test
  void shouldTakeStatusFromSpanStatusAndErrorAttributes() {
    Span error =
        span("llm_request", kv("gen_ai.latency.e2e", 1.0), kv("error.type", "CUDAOutOfMemory"))
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
            .build();
    Span statusOnly =
        span("llm_request", kv("gen_ai.latency.e2e", 1.0))
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("engine dead"))
            .build();
    Span aborted =
        span(
                "llm_request",
                kv("gen_ai.latency.e2e", 1.0),
                kv("gen_ai.response.finish_reasons", "abort"))
            .build();

    assertThat(DEFAULTS.map(error, H100_EU).timing().getStatus()).isEqualTo(RequestStatus.ERROR);
    assertThat(DEFAULTS.map(error, H100_EU).timing().getErrorCode()).isEqualTo("CUDAOutOfMemory");
    assertThat(DEFAULTS.map(statusOnly, H100_EU).timing().getErrorCode()).isEqualTo("engine dead");
    assertThat(DEFAULTS.map(aborted, H100_EU).timing().getStatus())
        .isEqualTo(RequestStatus.CANCELLED);
  }

  @Test
  void shouldUseTheReceiversFallbacksOnlyWhenTheResourceSaysNothing() {
    Span s =
        span("llm_request", kv("gen_ai.latency.e2e", 1.0), kv("gen_ai.request.model", "m")).build();
    SpanMapper withFallbacks =
        new SpanMapper(SpanMapping.defaults().withFallbacks("us-east", "A100"));

    RequestTiming bare = DEFAULTS.map(s, Map.of()).timing();
    RequestTiming fallback = withFallbacks.map(s, Map.of()).timing();
    RequestTiming resource = withFallbacks.map(s, H100_EU).timing();

    assertThat(RULES.violations(bare, bare.getEventTimeMs()))
        .extracting(TimingRules.Violation::field)
        .containsExactly("region", "tier");
    assertThat(fallback.getRegion()).isEqualTo("us-east");
    assertThat(fallback.getTier()).isEqualTo("A100");
    assertThat(resource.getRegion()).isEqualTo("eu-west");
    assertThat(resource.getTier()).isEqualTo("H100");
  }

  @Test
  void shouldNormaliseGpuProductsAndHostTypesToTiers() {
    TierTable t = SpanMapping.defaults().tierTable();

    assertThat(t.normalise("NVIDIA-H100-80GB-HBM3")).isEqualTo("H100");
    assertThat(t.normalise("NVIDIA H200")).isEqualTo("H200");
    assertThat(t.normalise("NVIDIA-L40S")).isEqualTo("L40S");
    assertThat(t.normalise("NVIDIA-L4")).isEqualTo("L4");
    assertThat(t.normalise("NVIDIA-GB200")).isEqualTo("GB200");
    assertThat(t.normalise("NVIDIA-A100-SXM4-40GB")).isEqualTo("A100");
    assertThat(t.normalise("p5.48xlarge")).isEqualTo("H100");
    assertThat(t.normalise("p4d.24xlarge")).isEqualTo("A100");
    assertThat(t.normalise("Intel-Gaudi3")).isEqualTo("Intel-Gaudi3");
    assertThat(TierTable.parse("a3-highgpu-=H100").normalise("a3-highgpu-8g")).isEqualTo("H100");
  }

  @Test
  void shouldRefuseTokenCountsThatAreNotWholeNumbers() {
    Span s =
        span("llm_request", kv("gen_ai.latency.e2e", 1.0), kv("gen_ai.usage.prompt_tokens", "many"))
            .build();

    assertThat(DEFAULTS.map(s, H100_EU).violations())
        .extracting(TimingRules.Violation::field)
        .containsExactly("promptTokens");
  }

  @Test
  void shouldGiveJsonAndProtobufExportsTheSameFallbackIds() throws Exception {
    ExportTraceServiceRequest json = fixture();
    ExportTraceServiceRequest proto =
        new OtlpDecoder(new BodyLimits(1 << 20, 100, 10))
            .decode(new ByteArrayInputStream(json.toByteArray()), false, false);

    assertThat(proto).isEqualTo(json);
    assertThat(
            HexFormat.of()
                .formatHex(
                    json.getResourceSpans(0)
                        .getScopeSpans(0)
                        .getSpans(0)
                        .getTraceId()
                        .toByteArray()))
        .isEqualTo("5b8efff798038103d269b633813fc60c");
  }

  @Test
  void shouldReadLatenciesInMillisecondsWhenConfigured() {
    Span s = span("llm_request", kv("gen_ai.latency.e2e", 250.0)).build();

    assertThat(mapper("otlp.time-unit", "ms").map(s, H100_EU).timing().getE2eMs())
        .isCloseTo(250.0, within(1e-9));
    assertThat(ResourceSpans.getDefaultInstance().getScopeSpansCount()).isZero();
  }

  static SpanMapper mapper(String key, String value) {
    return new SpanMapper(
        SpanMapping.fromSettings(Settings.defaults(IngestSettings.KEYS).with(Map.of(key, value))));
  }
}
