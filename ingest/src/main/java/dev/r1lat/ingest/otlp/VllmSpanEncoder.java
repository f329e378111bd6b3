package dev.r1lat.ingest.otlp;

import com.google.protobuf.ByteString;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events as a vLLM server exports them: one {@code llm_request} SERVER span per request with the
 * attribute names and units of vLLM's {@code SpanAttributes} (latencies in seconds), one resource
 * per region x tier carrying {@code cloud.region} and the GPU product label. Only what vLLM can
 * measure is sent (no network, preprocess, postprocess, inter-token gap, TTFO or reasoning split),
 * so it drives the OTLP path the way a real vLLM fleet would ({@code ./r1lat simulate --otlp}).
 */
public final class VllmSpanEncoder {
  private VllmSpanEncoder() {}

  public static ExportTraceServiceRequest encode(List<RequestTiming> events) {
    Map<String, ScopeSpans.Builder> groups = new LinkedHashMap<>();
    Map<String, Resource> resources = new LinkedHashMap<>();
    for (RequestTiming t : events) {
      String key = t.getRegion() + "|" + t.getTier();
      resources.computeIfAbsent(key, k -> resource(t.getRegion(), t.getTier()));
      groups
          .computeIfAbsent(
              key,
              k ->
                  ScopeSpans.newBuilder()
                      .setScope(InstrumentationScope.newBuilder().setName("vllm.llm_engine")))
          .addSpans(span(t));
    }
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    groups.forEach(
        (k, spans) ->
            b.addResourceSpans(
                ResourceSpans.newBuilder().setResource(resources.get(k)).addScopeSpans(spans)));
    return b.build();
  }

  private static Resource resource(String region, String tier) {
    return Resource.newBuilder()
        .addAttributes(kv("service.name", "vllm"))
        .addAttributes(kv("cloud.region", region))
        .addAttributes(kv("nvidia.com/gpu.product", "NVIDIA-" + tier + "-80GB-HBM3"))
        .build();
  }

  static Span span(RequestTiming t) {
    long end = t.getEventTimeMs() * 1_000_000L;
    UUID id = UUID.nameUUIDFromBytes(t.getRequestId().getBytes(StandardCharsets.UTF_8));
    Span.Builder s =
        Span.newBuilder()
            .setName("llm_request")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setTraceId(
                ByteString.copyFrom(
                    bytes(id.getMostSignificantBits(), id.getLeastSignificantBits())))
            .setSpanId(ByteString.copyFrom(bytes(id.getLeastSignificantBits())))
            .setStartTimeUnixNano(end - (long) (t.getE2eMs() * 1e6))
            .setEndTimeUnixNano(end)
            .addAttributes(kv("gen_ai.request.id", t.getRequestId()))
            .addAttributes(kv("gen_ai.response.model", t.getModel()))
            .addAttributes(seconds("gen_ai.latency.e2e", t.getE2eMs()));
    if (t.getServerId() != null) {
      s.addAttributes(kv("k8s.pod.name", t.getServerId()));
    }
    if (t.getPromptTokens() != null) {
      s.addAttributes(count("gen_ai.usage.prompt_tokens", t.getPromptTokens()));
    }
    if (t.getReasoningTokens() != null || t.getAnswerTokens() != null) {
      int completion =
          (t.getReasoningTokens() == null ? 0 : t.getReasoningTokens())
              + (t.getAnswerTokens() == null ? 0 : t.getAnswerTokens());
      s.addAttributes(count("gen_ai.usage.completion_tokens", completion));
    }
    optional(s, "gen_ai.latency.time_in_queue", t.getQueueMs());
    optional(s, "gen_ai.latency.time_in_model_prefill", t.getPrefillMs());
    optional(s, "gen_ai.latency.time_to_first_token", t.getTtftMs());
    optional(s, "gen_ai.latency.time_in_model_decode", t.getDecodeMs());
    if (t.getStatus() == RequestStatus.CANCELLED) {
      s.addAttributes(
          KeyValue.newBuilder()
              .setKey("gen_ai.response.finish_reasons")
              .setValue(
                  AnyValue.newBuilder()
                      .setArrayValue(
                          ArrayValue.newBuilder()
                              .addValues(AnyValue.newBuilder().setStringValue("abort")))));
    } else if (t.getStatus() == RequestStatus.ERROR || t.getStatus() == RequestStatus.TIMEOUT) {
      String code = t.getStatus() == RequestStatus.TIMEOUT ? "DEADLINE_EXCEEDED" : t.getErrorCode();
      s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      s.addAttributes(kv("error.type", code == null ? "error" : code));
    }
    return s.build();
  }

  private static byte[] bytes(long... longs) {
    ByteBuffer b = ByteBuffer.allocate(8 * longs.length);
    for (long l : longs) {
      b.putLong(l);
    }
    return b.array();
  }

  private static void optional(Span.Builder s, String key, Double ms) {
    if (ms != null) {
      s.addAttributes(seconds(key, ms));
    }
  }

  private static KeyValue seconds(String key, double ms) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(ms / 1000.0))
        .build();
  }

  private static KeyValue count(String key, int n) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(n)).build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
