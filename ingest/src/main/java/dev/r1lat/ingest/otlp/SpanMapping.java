package dev.r1lat.ingest.otlp;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an OTLP span becomes a {@code RequestTiming}: which spans are requests, which attributes
 * carry each field (each a list, the first present wins; span attributes before resource
 * attributes), the latency unit, the tier normalisation, how TTFT is read and the per-receiver
 * fallbacks for region, tier and model. Immutable; the defaults read vLLM's {@code llm_request}
 * span and the GenAI conventions ({@link OtlpSettings}).
 */
public record SpanMapping(
    Set<String> requestSpans,
    List<String> requestId,
    List<String> model,
    List<String> promptTokens,
    List<String> cachedTokens,
    List<String> completionTokens,
    List<String> reasoningTokens,
    List<String> queue,
    List<String> prefill,
    List<String> ttft,
    List<String> ttfo,
    List<String> decode,
    List<String> tpot,
    List<String> e2e,
    List<String> error,
    List<String> serverId,
    List<String> region,
    List<String> tier,
    TierTable tierTable,
    double msPerUnit,
    TtftQueue ttftIncludesQueue,
    String defaultRegion,
    String defaultTier,
    String defaultModel) {

  /** Whether the reported TTFT counts the queue wait (the schema's TTFT is from arrival). */
  public enum TtftQueue {
    /** As reported: it is from arrival. */
    TRUE,
    /** Queue time is added: the engine measures TTFT from scheduling. */
    FALSE,
    /** Queue added only when the reported TTFT is shorter than queue + prefill. */
    AUTO;

    static TtftQueue parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  public static SpanMapping fromSettings(Settings s) {
    String unit = s.get(OtlpSettings.TIME_UNIT).trim();
    double msPerUnit =
        switch (unit) {
          case "s" -> 1000.0;
          case "ms" -> 1.0;
          default -> throw new IllegalArgumentException("otlp.time-unit is s or ms, was " + unit);
        };
    return new SpanMapping(
        Set.copyOf(list(s.get(OtlpSettings.REQUEST_SPANS))),
        list(s.get(OtlpSettings.REQUEST_ID)),
        list(s.get(OtlpSettings.MODEL)),
        list(s.get(OtlpSettings.PROMPT_TOKENS)),
        list(s.get(OtlpSettings.CACHED_TOKENS)),
        list(s.get(OtlpSettings.COMPLETION_TOKENS)),
        list(s.get(OtlpSettings.REASONING_TOKENS)),
        list(s.get(OtlpSettings.QUEUE)),
        list(s.get(OtlpSettings.PREFILL)),
        list(s.get(OtlpSettings.TTFT)),
        list(s.get(OtlpSettings.TTFO)),
        list(s.get(OtlpSettings.DECODE)),
        list(s.get(OtlpSettings.TPOT)),
        list(s.get(OtlpSettings.E2E)),
        list(s.get(OtlpSettings.ERROR_TYPE)),
        list(s.get(OtlpSettings.SERVER_ID)),
        list(s.get(OtlpSettings.REGION)),
        list(s.get(OtlpSettings.TIER)),
        TierTable.parse(s.get(OtlpSettings.TIER_TABLE)),
        msPerUnit,
        TtftQueue.parse(s.get(OtlpSettings.TTFT_INCLUDES_QUEUE)),
        s.get(OtlpSettings.DEFAULT_REGION).trim(),
        s.get(OtlpSettings.DEFAULT_TIER).trim(),
        s.get(OtlpSettings.DEFAULT_MODEL).trim());
  }

  /** The defaults (vLLM and GenAI conventions), no fallbacks. */
  public static SpanMapping defaults() {
    return fromSettings(Settings.defaults(IngestSettings.KEYS));
  }

  /** The same mapping with fallbacks for spans without region / tier attributes. */
  public SpanMapping withFallbacks(String region, String tier) {
    return new SpanMapping(
        requestSpans,
        requestId,
        model,
        promptTokens,
        cachedTokens,
        completionTokens,
        reasoningTokens,
        queue,
        prefill,
        ttft,
        ttfo,
        decode,
        tpot,
        e2e,
        error,
        serverId,
        this.region,
        this.tier,
        tierTable,
        msPerUnit,
        ttftIncludesQueue,
        region,
        tier,
        defaultModel);
  }

  static List<String> list(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }
}
