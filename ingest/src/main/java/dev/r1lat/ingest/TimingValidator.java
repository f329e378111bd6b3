package dev.r1lat.ingest;

import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The plausibility rules every {@link RequestTiming} must pass before it enters the pipeline,
 * shared by the HTTP gateway and the streams app: required fields present and not blank, timings
 * finite, non-negative and below 24 h, token counts non-negative, event time a plausible
 * epoch-millisecond value not too far in the future. Returns every violation (field + reason), not
 * only the first. Immutable and thread-safe; depends on nothing but the schema classes.
 */
public final class TimingValidator {
  /** A timing above this is absurd (a clock or unit error), not a slow request. */
  public static final double MAX_TIMING_MS = 86_400_000.0;

  /** 2000-01-01T00:00:00Z; anything earlier is most likely seconds sent as milliseconds. */
  public static final long MIN_EVENT_TIME_MS = 946_684_800_000L;

  public static final int MAX_ID_LENGTH = 200;
  public static final int MAX_LABEL_LENGTH = 100;

  /** One rule a record breaks: the JSON / Avro field name and why. */
  public record Violation(String field, String reason) {
    @Override
    public String toString() {
      return field + ": " + reason;
    }
  }

  private record TimingField(String name, Function<RequestTiming, Double> get) {}

  private static final List<TimingField> TIMINGS =
      List.of(
          new TimingField("networkInMs", RequestTiming::getNetworkInMs),
          new TimingField("queueMs", RequestTiming::getQueueMs),
          new TimingField("preprocessMs", RequestTiming::getPreprocessMs),
          new TimingField("prefillMs", RequestTiming::getPrefillMs),
          new TimingField("ttftMs", RequestTiming::getTtftMs),
          new TimingField("ttfoMs", RequestTiming::getTtfoMs),
          new TimingField("decodeMs", RequestTiming::getDecodeMs),
          new TimingField("maxInterTokenGapMs", RequestTiming::getMaxInterTokenGapMs),
          new TimingField("postprocessMs", RequestTiming::getPostprocessMs),
          new TimingField("networkOutMs", RequestTiming::getNetworkOutMs),
          new TimingField("e2eMs", RequestTiming::getE2eMs));

  private final long maxFutureSkewMs;

  public TimingValidator(Duration maxFutureSkew) {
    this.maxFutureSkewMs = maxFutureSkew.toMillis();
  }

  /** Events may lie at most 5 minutes in the future (clock skew between servers). */
  public static TimingValidator defaults() {
    return new TimingValidator(Duration.ofMinutes(5));
  }

  public List<Violation> validate(RequestTiming t) {
    return validate(t, System.currentTimeMillis());
  }

  /** Every rule {@code t} breaks, judged at {@code nowMs}; empty when the record is valid. */
  public List<Violation> validate(RequestTiming t, long nowMs) {
    List<Violation> out = new ArrayList<>();
    text(out, "requestId", t.getRequestId(), MAX_ID_LENGTH);
    text(out, "region", t.getRegion(), MAX_LABEL_LENGTH);
    text(out, "tier", t.getTier(), MAX_LABEL_LENGTH);
    text(out, "model", t.getModel(), MAX_LABEL_LENGTH);
    Long eventTime = t.getEventTimeMs();
    if (eventTime == null) {
      out.add(new Violation("eventTimeMs", "is required"));
    } else if (eventTime < MIN_EVENT_TIME_MS) {
      out.add(
          new Violation(
              "eventTimeMs",
              "is before 2000-01-01, not epoch milliseconds (seconds sent instead?)"));
    } else if (eventTime > nowMs + maxFutureSkewMs) {
      out.add(
          new Violation(
              "eventTimeMs",
              "is "
                  + (eventTime - nowMs) / 1000
                  + " s in the future (at most "
                  + maxFutureSkewMs / 1000
                  + " s allowed)"));
    }
    if (t.getStatus() == null) {
      out.add(new Violation("status", "is required"));
    }
    for (TimingField f : TIMINGS) {
      Double v = f.get().apply(t);
      if (v == null) {
        continue; // optional: the server could not measure it
      } else if (v.isNaN() || v.isInfinite()) {
        out.add(new Violation(f.name(), "must be a finite number"));
      } else if (v < 0) {
        out.add(new Violation(f.name(), "must be >= 0 (was " + v + ")"));
      } else if (v > MAX_TIMING_MS) {
        out.add(new Violation(f.name(), "exceeds 24 h (" + v + " ms); a unit or clock error?"));
      }
    }
    count(out, "promptTokens", t.getPromptTokens());
    count(out, "cachedPromptTokens", t.getCachedPromptTokens());
    count(out, "reasoningTokens", t.getReasoningTokens());
    count(out, "answerTokens", t.getAnswerTokens());
    count(out, "batchSize", t.getBatchSize());
    if (t.getCachedPromptTokens() != null
        && t.getPromptTokens() != null
        && t.getCachedPromptTokens() > t.getPromptTokens()) {
      out.add(new Violation("cachedPromptTokens", "exceeds promptTokens"));
    }
    return out;
  }

  private static void text(List<Violation> out, String field, String value, int maxLength) {
    if (value == null) {
      out.add(new Violation(field, "is required"));
    } else if (value.isBlank()) {
      out.add(new Violation(field, "must not be blank"));
    } else if (value.length() > maxLength) {
      out.add(new Violation(field, "is longer than " + maxLength + " characters"));
    }
  }

  private static void count(List<Violation> out, String field, Integer value) {
    if (value != null && value < 0) {
      out.add(new Violation(field, "must be >= 0 (was " + value + ")"));
    }
  }
}
