package dev.r1lat.testsupport;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Simulated requests as the OpenTelemetry SDK records vLLM's {@code llm_request} SERVER span (same
 * names and units as {@code SpanAttributes} in vLLM's {@code vllm/tracing.py}; one tracer provider
 * per region x tier, whose resource carries {@code cloud.region} and the GPU product label), and
 * what vLLM can report of each request ({@link #asVllmReports}): the event the JSON path must carry
 * for both paths to give the same statistics. The tests that use it (ingest's OTLP receiver tests,
 * reliability's {@code OtlpStatsIT}) send the spans with the SDK's own OTLP exporters, so the
 * receivers are tested against a real client's encoding, not one of ours.
 *
 * <p>test-support takes the SDK as an optional dependency: a module using this class declares
 * {@code opentelemetry-sdk} (and the exporters it sends with) in its own test scope.
 */
public final class VllmSdkSpans {
  private VllmSdkSpans() {}

  public static String gpuProduct(String tier) {
    return "NVIDIA-" + tier + "-80GB-HBM3";
  }

  /** The finished spans of {@code events}, ready for an exporter. */
  public static List<SpanData> spans(List<RequestTiming> events) {
    List<SpanData> out = new ArrayList<>();
    Map<String, SdkTracerProvider> providers = new LinkedHashMap<>();
    for (RequestTiming t : events) {
      SdkTracerProvider p =
          providers.computeIfAbsent(
              t.getRegion() + "|" + t.getTier(), k -> provider(t.getRegion(), t.getTier(), out));
      record(p.get("vllm.llm_engine"), t);
    }
    providers.values().forEach(SdkTracerProvider::close);
    return out;
  }

  /**
   * Exports {@code events} as spans through {@code exporter} (left open, for the next batch) and
   * waits for the receiver's answer; fails unless it accepted the whole export.
   */
  public static void export(SpanExporter exporter, List<RequestTiming> events) {
    var result = exporter.export(spans(events)).join(30, TimeUnit.SECONDS);
    if (!result.isSuccess()) {
      throw new IllegalStateException(
          "export of " + events.size() + " spans failed: " + result.getFailureThrowable());
    }
  }

  private static SdkTracerProvider provider(String region, String tier, List<SpanData> sink) {
    Resource resource =
        Resource.create(
            Attributes.builder()
                .put("service.name", "vllm")
                .put("cloud.region", region)
                .put("nvidia.com/gpu.product", gpuProduct(tier))
                .build());
    return SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(
            new SpanProcessor() {
              @Override
              public void onStart(Context parent, ReadWriteSpan span) {}

              @Override
              public boolean isStartRequired() {
                return false;
              }

              @Override
              public void onEnd(ReadableSpan span) {
                synchronized (sink) {
                  sink.add(span.toSpanData());
                }
              }

              @Override
              public boolean isEndRequired() {
                return true;
              }
            })
        .build();
  }

  private static void record(Tracer tracer, RequestTiming t) {
    long endNanos = t.getEventTimeMs() * 1_000_000L;
    long startNanos = endNanos - (long) (t.getE2eMs() * 1e6);
    SpanBuilder b =
        tracer
            .spanBuilder("llm_request")
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
            .setAttribute("gen_ai.request.id", t.getRequestId())
            .setAttribute("gen_ai.response.model", t.getModel())
            .setAttribute("gen_ai.request.max_tokens", 32_768L)
            .setAttribute("gen_ai.latency.e2e", t.getE2eMs() / 1000.0);
    if (t.getServerId() != null) {
      b.setAttribute("k8s.pod.name", t.getServerId());
    }
    if (t.getPromptTokens() != null) {
      b.setAttribute("gen_ai.usage.prompt_tokens", (long) t.getPromptTokens());
    }
    Integer completion = completion(t);
    if (completion != null) {
      b.setAttribute("gen_ai.usage.completion_tokens", (long) completion);
    }
    seconds(b, "gen_ai.latency.time_in_queue", t.getQueueMs());
    seconds(b, "gen_ai.latency.time_in_model_prefill", t.getPrefillMs());
    seconds(b, "gen_ai.latency.time_to_first_token", t.getTtftMs());
    seconds(b, "gen_ai.latency.time_in_model_decode", t.getDecodeMs());
    if (t.getStatus() == RequestStatus.CANCELLED) {
      b.setAttribute(
          AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("abort"));
    }
    Span span = b.startSpan();
    if (t.getStatus() == RequestStatus.ERROR || t.getStatus() == RequestStatus.TIMEOUT) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute("error.type", errorType(t));
    }
    span.end(endNanos, TimeUnit.NANOSECONDS);
  }

  private static String errorType(RequestTiming t) {
    if (t.getStatus() == RequestStatus.TIMEOUT) {
      return "DEADLINE_EXCEEDED";
    }
    return t.getErrorCode() == null ? "error" : t.getErrorCode();
  }

  private static Integer completion(RequestTiming t) {
    if (t.getReasoningTokens() == null && t.getAnswerTokens() == null) {
      return null;
    }
    return (t.getReasoningTokens() == null ? 0 : t.getReasoningTokens())
        + (t.getAnswerTokens() == null ? 0 : t.getAnswerTokens());
  }

  private static void seconds(SpanBuilder b, String key, Double ms) {
    if (ms != null) {
      b.setAttribute(key, ms / 1000.0);
    }
  }

  private static Double viaSeconds(Double ms) {
    return ms == null ? null : ms / 1000.0 * 1000.0;
  }

  /**
   * What vLLM reports of {@code t}, as the OTLP mapping must produce it: no network, preprocess,
   * postprocess, max inter-token gap, TTFO or reasoning split (all output tokens are answer
   * tokens), no quantization; latencies through seconds and back.
   */
  public static RequestTiming asVllmReports(RequestTiming t) {
    RequestTiming r = RequestTiming.newBuilder(t).build();
    r.setQuantization(null);
    r.setStreaming(true);
    r.setCachedPromptTokens(null);
    r.setResponseCacheHit(null);
    r.setBatchSize(null);
    r.setReasoningTokens(null);
    r.setAnswerTokens(completion(t));
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
    if (t.getStatus() == RequestStatus.ERROR || t.getStatus() == RequestStatus.TIMEOUT) {
      r.setErrorCode(errorType(t));
    } else {
      r.setErrorCode(null);
    }
    return r;
  }
}
