package dev.r1lat.ingest.otlp;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules.Violation;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One span to one {@link RequestTiming} by a {@link SpanMapping}. A span is a request when its name
 * is one of {@code otlp.request-spans} or it carries an e2e or TTFT attribute; any other span is
 * not one (a child span, an HTTP span of the API server) and is ignored. Latencies are converted to
 * milliseconds; what the span does not carry stays null. The result is checked by the caller
 * against the same {@code TimingRules} as the JSON path; this class only adds the violations that
 * the Avro record cannot express (a token count that is not a whole number).
 */
public final class SpanMapper {
  /** A request span's event and what could not be read into it (empty when all was read). */
  public record Mapped(RequestTiming timing, List<Violation> violations) {}

  private static final HexFormat HEX = HexFormat.of();

  /** error.type values that mean the request ran out of time (semconv's "timeout", gRPC's name). */
  private static final java.util.Set<String> TIMEOUTS =
      java.util.Set.of("timeout", "deadline_exceeded");

  /**
   * vLLM takes TTFT and queue + prefill from different clocks: differences under 1 ms are noise.
   */
  private static final double SLACK_MS = 1.0;

  private final SpanMapping m;

  public SpanMapper(SpanMapping mapping) {
    this.m = mapping;
  }

  public SpanMapping mapping() {
    return m;
  }

  /** Whether {@code span} describes one inference request. */
  public boolean isRequest(Span span, SpanAttributes a) {
    return m.requestSpans().contains(span.getName()) || a.hasAny(m.e2e()) || a.hasAny(m.ttft());
  }

  /** The event of a request span, or null when the span is not a request. */
  public Mapped map(Span span, Map<String, AnyValue> resource) {
    SpanAttributes a = new SpanAttributes(SpanAttributes.index(span.getAttributesList()), resource);
    if (!isRequest(span, a)) {
      return null;
    }
    List<Violation> problems = new ArrayList<>();
    RequestTiming t = new RequestTiming();
    t.setRequestId(requestId(span, a));
    t.setEventTimeMs(span.getEndTimeUnixNano() / 1_000_000L);
    t.setRegion(orDefault(a.string(m.region()), m.defaultRegion()));
    String tier = a.string(m.tier());
    t.setTier(tier != null ? m.tierTable().normalise(tier) : orDefault(null, m.defaultTier()));
    t.setModel(orDefault(a.string(m.model()), m.defaultModel()));
    t.setServerId(a.string(m.serverId()));
    t.setStreaming(true);
    status(span, a, t);
    tokens(a, t, problems);
    timings(span, a, t);
    return new Mapped(t, problems);
  }

  private String requestId(Span span, SpanAttributes a) {
    String id = a.string(m.requestId());
    if (id != null) {
      return id;
    }
    // retries of one export carry the same ids, so downstream dedup still holds
    return span.getTraceId().isEmpty() && span.getSpanId().isEmpty()
        ? null
        : HEX.formatHex(span.getTraceId().toByteArray())
            + "-"
            + HEX.formatHex(span.getSpanId().toByteArray());
  }

  private static String orDefault(String value, String fallback) {
    return value != null ? value : (fallback.isEmpty() ? null : fallback);
  }

  private void status(Span span, SpanAttributes a, RequestTiming t) {
    String error = a.string(m.error());
    String finish = a.string(List.of("gen_ai.response.finish_reasons"));
    if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR || error != null) {
      boolean timeout = error != null && TIMEOUTS.contains(error.trim().toLowerCase(Locale.ROOT));
      t.setStatus(timeout ? RequestStatus.TIMEOUT : RequestStatus.ERROR);
      t.setErrorCode(error != null ? error : emptyToNull(span.getStatus().getMessage()));
    } else if ("abort".equals(finish)) {
      t.setStatus(RequestStatus.CANCELLED);
    } else {
      t.setStatus(RequestStatus.OK);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private void tokens(SpanAttributes a, RequestTiming t, List<Violation> problems) {
    t.setPromptTokens(count(a, m.promptTokens(), "promptTokens", problems));
    t.setCachedPromptTokens(count(a, m.cachedTokens(), "cachedPromptTokens", problems));
    Integer completion = count(a, m.completionTokens(), "answerTokens", problems);
    Integer reasoning = count(a, m.reasoningTokens(), "reasoningTokens", problems);
    t.setReasoningTokens(reasoning);
    // without a reasoning count every output token is an answer token, so TPOT stays right
    t.setAnswerTokens(
        completion == null || reasoning == null
            ? completion
            : Integer.valueOf(completion - reasoning));
  }

  private static Integer count(
      SpanAttributes a, List<String> names, String field, List<Violation> problems) {
    Double v = a.number(names);
    if (v == null) {
      return null;
    }
    if (v.isNaN() || v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      problems.add(new Violation(field, "is not a whole token count (" + names + ": " + v + ")"));
      return null;
    }
    return v.intValue();
  }

  private void timings(Span span, SpanAttributes a, RequestTiming t) {
    Double queue = ms(a, m.queue());
    Double prefill = ms(a, m.prefill());
    Double ttft = ms(a, m.ttft());
    Double decode = ms(a, m.decode());
    Double tpot = ms(a, m.tpot());
    Double e2e = ms(a, m.e2e());
    if (decode == null && tpot != null && t.getAnswerTokens() != null) {
      int outputs =
          t.getAnswerTokens() + (t.getReasoningTokens() == null ? 0 : t.getReasoningTokens());
      decode = outputs < 2 ? null : tpot * (outputs - 1);
    }
    if (e2e == null && span.getEndTimeUnixNano() > 0 && span.getStartTimeUnixNano() > 0) {
      e2e = (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e6;
    }
    t.setQueueMs(queue);
    t.setPrefillMs(prefill);
    t.setTtftMs(ttftFromArrival(ttft, queue, prefill));
    t.setTtfoMs(ms(a, m.ttfo()));
    t.setDecodeMs(decode);
    t.setE2eMs(e2e == null ? Double.NaN : e2e);
  }

  /**
   * The schema's TTFT runs from arrival. Engines that measure it from scheduling report less than
   * queue + prefill, which cannot be from arrival: then (in {@code auto}) the queue wait is added.
   */
  Double ttftFromArrival(Double ttft, Double queue, Double prefill) {
    if (ttft == null || queue == null) {
      return ttft;
    }
    return switch (m.ttftIncludesQueue()) {
      case TRUE -> ttft;
      case FALSE -> ttft + queue;
      case AUTO -> prefill != null && ttft + SLACK_MS < queue + prefill ? ttft + queue : ttft;
    };
  }

  private Double ms(SpanAttributes a, List<String> names) {
    Double v = a.number(names);
    return v == null ? null : v * m.msPerUnit();
  }
}
