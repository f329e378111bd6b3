package dev.r1lat.ingest.otlp;

import dev.r1lat.config.ConfigKey;
import java.util.List;

/**
 * Settings of the OTLP traces receiver: where it listens, and how a span becomes a {@code
 * RequestTiming} ({@link SpanMapping}). Attribute settings are comma-separated lists, tried in
 * order, span attributes before resource attributes; the defaults read vLLM's {@code llm_request}
 * span and the OpenTelemetry GenAI conventions.
 */
public final class OtlpSettings {
  private OtlpSettings() {}

  public static final ConfigKey<Boolean> ENABLED =
      ConfigKey.bool(
          "gateway.otlp-enabled", true, "serve OTLP traces (gRPC and HTTP) beside /v1/timings");
  public static final ConfigKey<String> BIND =
      ConfigKey.string("gateway.otlp-bind", "127.0.0.1", "address the OTLP receivers listen on");
  public static final ConfigKey<Integer> GRPC_PORT =
      ConfigKey.port(
          "gateway.otlp-grpc-port", 4317, "OTLP/gRPC port (TraceService/Export; 0 = any free)");
  public static final ConfigKey<Integer> HTTP_PORT =
      ConfigKey.port(
          "gateway.otlp-http-port", 4318, "OTLP/HTTP port (POST /v1/traces; 0 = any free)");

  public static final ConfigKey<String> REQUEST_SPANS =
      ConfigKey.string(
          "otlp.request-spans",
          "llm_request",
          "span names that are requests (spans carrying an e2e or TTFT attribute are too)");
  public static final ConfigKey<String> REQUEST_ID =
      ConfigKey.string(
          "otlp.attr.request-id",
          "gen_ai.request.id,gen_ai.response.id",
          "request id attributes (fallback: trace id-span id)");
  public static final ConfigKey<String> MODEL =
      ConfigKey.string(
          "otlp.attr.model", "gen_ai.response.model,gen_ai.request.model", "model attributes");
  public static final ConfigKey<String> PROMPT_TOKENS =
      ConfigKey.string(
          "otlp.attr.prompt-tokens",
          "gen_ai.usage.prompt_tokens,gen_ai.usage.input_tokens",
          "prompt token count attributes");
  public static final ConfigKey<String> CACHED_TOKENS =
      ConfigKey.string(
          "otlp.attr.cached-tokens",
          "gen_ai.usage.cache_read.input_tokens,gen_ai.usage.cached_tokens",
          "prompt tokens served from the prefix cache");
  public static final ConfigKey<String> COMPLETION_TOKENS =
      ConfigKey.string(
          "otlp.attr.completion-tokens",
          "gen_ai.usage.completion_tokens,gen_ai.usage.output_tokens",
          "output token count attributes (reasoning included)");
  public static final ConfigKey<String> REASONING_TOKENS =
      ConfigKey.string(
          "otlp.attr.reasoning-tokens",
          "gen_ai.usage.reasoning_tokens,gen_ai.usage.reasoning.output_tokens",
          "reasoning token count attributes (answer = completion - reasoning)");
  public static final ConfigKey<String> QUEUE =
      ConfigKey.string("otlp.attr.queue", "gen_ai.latency.time_in_queue", "queue time attributes");
  public static final ConfigKey<String> PREFILL =
      ConfigKey.string(
          "otlp.attr.prefill", "gen_ai.latency.time_in_model_prefill", "prefill time attributes");
  public static final ConfigKey<String> TTFT =
      ConfigKey.string(
          "otlp.attr.ttft",
          "gen_ai.latency.time_to_first_token,gen_ai.server.time_to_first_token",
          "time to first token attributes");
  public static final ConfigKey<String> TTFO =
      ConfigKey.string(
          "otlp.attr.ttfo",
          "",
          "time to first answer (non-reasoning) token attributes; none known");
  public static final ConfigKey<String> DECODE =
      ConfigKey.string(
          "otlp.attr.decode", "gen_ai.latency.time_in_model_decode", "decode time attributes");
  public static final ConfigKey<String> TPOT =
      ConfigKey.string(
          "otlp.attr.tpot",
          "gen_ai.server.time_per_output_token",
          "time per output token; decode = tpot x (completion - 1) when no decode attribute");
  public static final ConfigKey<String> E2E =
      ConfigKey.string(
          "otlp.attr.e2e",
          "gen_ai.latency.e2e,gen_ai.server.request.duration",
          "end-to-end attributes (fallback: span end - start)");
  public static final ConfigKey<String> ERROR_TYPE =
      ConfigKey.string("otlp.attr.error", "error.type", "error attributes: present = ERROR, code");
  public static final ConfigKey<String> SERVER_ID =
      ConfigKey.string(
          "otlp.attr.server-id",
          "service.instance.id,k8s.pod.name,host.name",
          "server or pod id attributes");
  public static final ConfigKey<String> REGION =
      ConfigKey.string("otlp.attr.region", "cloud.region", "region attributes (resource)");
  public static final ConfigKey<String> TIER =
      ConfigKey.string(
          "otlp.attr.tier",
          "nvidia.com/gpu.product,k8s.node.label.nvidia.com/gpu.product,host.type",
          "GPU product attributes, normalised by otlp.tier-table");
  public static final ConfigKey<String> TIER_TABLE =
      ConfigKey.string(
          "otlp.tier-table",
          "GB200,B200,H200,H100,H20,A100,A10G,L40S,L4,MI300X,p5en.=H200,p5e.=H200,p5.=H100,"
              + "p4de.=A100,p4d.=A100,g6e.=L40S,g6.=L4",
          "tier names found in the GPU product (longest first), or PREFIX.=TIER host types");
  public static final ConfigKey<String> TIME_UNIT =
      ConfigKey.string("otlp.time-unit", "s", "unit of the latency attributes: s or ms");
  public static final ConfigKey<String> TTFT_INCLUDES_QUEUE =
      ConfigKey.string(
          "otlp.ttft-includes-queue",
          "auto",
          "true, false or auto (auto: add queue when ttft < queue + prefill)");
  public static final ConfigKey<String> DEFAULT_REGION =
      ConfigKey.string(
          "otlp.default-region", "", "region of spans without a region attribute (empty: reject)");
  public static final ConfigKey<String> DEFAULT_TIER =
      ConfigKey.string(
          "otlp.default-tier", "", "tier of spans without a tier attribute (empty: reject)");
  public static final ConfigKey<String> DEFAULT_MODEL =
      ConfigKey.string(
          "otlp.default-model", "", "model of spans without a model attribute (empty: reject)");

  public static final List<ConfigKey<?>> KEYS =
      List.of(
          ENABLED,
          BIND,
          GRPC_PORT,
          HTTP_PORT,
          REQUEST_SPANS,
          REQUEST_ID,
          MODEL,
          PROMPT_TOKENS,
          CACHED_TOKENS,
          COMPLETION_TOKENS,
          REASONING_TOKENS,
          QUEUE,
          PREFILL,
          TTFT,
          TTFO,
          DECODE,
          TPOT,
          E2E,
          ERROR_TYPE,
          SERVER_ID,
          REGION,
          TIER,
          TIER_TABLE,
          TIME_UNIT,
          TTFT_INCLUDES_QUEUE,
          DEFAULT_REGION,
          DEFAULT_TIER,
          DEFAULT_MODEL);
}
