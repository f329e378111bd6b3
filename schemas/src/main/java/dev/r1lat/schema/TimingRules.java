package dev.r1lat.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The plausibility rules every {@link RequestTiming} must pass to enter the pipeline, the one set
 * the HTTP gateway, the streams app and the sink apply: required text fields present, not blank,
 * not too long and not a reserved value; event time in epoch milliseconds, not too far after the
 * event was sent and not older than the age limit when it was sent; timings finite, non-negative
 * and at most {@code maxTimingMs}; token counts non-negative and consistent.
 *
 * <p>A verdict depends only on the record, the time it was sent and the two limits, never on the
 * wall clock of the judge. Downstream "sent" is the Kafka record timestamp, so the streams app's
 * crash replay and the sink's batch replay decide exactly as the first attempt did, and the sink
 * stores exactly the events the streams app counts. The gateway passes the request's arrival time,
 * which is also (within milliseconds) the timestamp its producer gives the record. Immutable and
 * thread-safe.
 *
 * @param maxTimingMs a timing above this is absurd (a clock or unit error), not a slow request
 *     (setting {@code events.max-timing-ms})
 * @param maxFutureSkewMs how far an event time may lie after the time the event was sent (setting
 *     {@code events.max-future-skew})
 * @param maxAgeMs how far an event time may lie before the time the event was sent (setting {@code
 *     events.max-age}): older events are refused by the gateway and quarantined by the streams app
 *     and the sink, never silently dropped by the raw table's retention
 */
public record TimingRules(double maxTimingMs, long maxFutureSkewMs, long maxAgeMs) {
  /** 2000-01-01T00:00:00Z; anything earlier is most likely seconds sent as milliseconds. */
  public static final long MIN_EVENT_TIME_MS = 946_684_800_000L;

  public static final int MAX_ID_LENGTH = 200;
  public static final int MAX_LABEL_LENGTH = 100;

  /** The group value meaning "all groups" in roll-ups; no event may claim it. */
  public static final String RESERVED_ALL = "*";

  /** Separates the parts of a group key ({@code region|tier|model}); no label may contain it. */
  public static final char KEY_SEPARATOR = '|';

  /** What a violation is, coarse enough to label a counter with (a small, fixed set). */
  public enum Kind {
    INVALID_FIELD("invalid_field"),
    FUTURE_EVENT_TIME("future_event_time"),
    TOO_OLD("too_old");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The metric label: {@code invalid_field}, {@code future_event_time}, {@code too_old}. */
    public String label() {
      return label;
    }

    /**
     * Whether the record is well formed but its event time cannot be placed (too far ahead of or
     * behind the time it was sent): quarantined with its reason, not dead-lettered as malformed.
     */
    public boolean timeUntrusted() {
      return this != INVALID_FIELD;
    }
  }

  /** One rule a record breaks: the JSON / Avro field name, why, and of what kind. */
  public record Violation(String field, String reason, Kind kind) {
    public Violation(String field, String reason) {
      this(field, reason, Kind.INVALID_FIELD);
    }

    /** One line naming the field: {@code ttftMs must not be negative (was -5.0)}. */
    @Override
    public String toString() {
      return field.isEmpty() ? reason : field + " " + reason;
    }
  }

  /** A duration field: its name and position in the schema. */
  private record TimingField(String name, int pos) {
    Double get(RequestTiming t) {
      return (Double) t.get(pos);
    }
  }

  /** Every double field named {@code *Ms} of the schema, in schema order: the durations. */
  private static final List<TimingField> TIMINGS =
      RequestTiming.getClassSchema().getFields().stream()
          .filter(f -> f.name().endsWith("Ms") && isDouble(f.schema()))
          .map(f -> new TimingField(f.name(), f.pos()))
          .toList();

  private static boolean isDouble(Schema s) {
    return s.getType() == Schema.Type.DOUBLE
        || (s.getType() == Schema.Type.UNION
            && s.getTypes().stream().anyMatch(b -> b.getType() == Schema.Type.DOUBLE));
  }

  public TimingRules {
    if (!(maxTimingMs > 0) || maxFutureSkewMs < 0 || maxAgeMs <= 0) {
      throw new IllegalArgumentException(
          "max timing must be > 0, max future skew >= 0 and max age > 0, got "
              + maxTimingMs
              + " ms, "
              + maxFutureSkewMs
              + " ms and "
              + maxAgeMs
              + " ms");
    }
  }

  /** The rules with the skew and the age given as durations, as settings hold them. */
  public static TimingRules of(double maxTimingMs, Duration maxFutureSkew, Duration maxAge) {
    return new TimingRules(maxTimingMs, maxFutureSkew.toMillis(), maxAge.toMillis());
  }

  /**
   * Every rule {@code t} breaks, in field order; empty when it is valid (the gateway's per-record
   * 400 answer lists them all).
   *
   * @param sentAtMs when the event was sent: its Kafka record timestamp, or the gateway's arrival
   *     time; 0 or less when unknown, and then the future-skew rule cannot apply
   */
  public List<Violation> violations(RequestTiming t, long sentAtMs) {
    List<Violation> out = new ArrayList<>();
    text(out, "requestId", t.getRequestId(), MAX_ID_LENGTH, false);
    text(out, "region", t.getRegion(), MAX_LABEL_LENGTH, true);
    text(out, "tier", t.getTier(), MAX_LABEL_LENGTH, true);
    text(out, "model", t.getModel(), MAX_LABEL_LENGTH, true);
    eventTime(out, t.getEventTimeMs(), sentAtMs);
    if (t.getStatus() == null) {
      out.add(new Violation("status", "is required"));
    }
    for (TimingField f : TIMINGS) {
      timing(out, f.name(), f.get(t));
    }
    networkTotal(out, t.getNetworkInMs(), t.getNetworkOutMs());
    tokens(out, t);
    return out;
  }

  /** The first rule {@code t} breaks (see {@link #violations}), or null when it is valid. */
  public Violation firstViolation(RequestTiming t, long sentAtMs) {
    List<Violation> all = violations(t, sentAtMs);
    return all.isEmpty() ? null : all.get(0);
  }

  private static void text(
      List<Violation> out, String field, String value, int maxLength, boolean label) {
    if (value == null) {
      out.add(new Violation(field, "is required"));
    } else if (value.isBlank()) {
      out.add(new Violation(field, "must not be blank"));
    } else if (value.length() > maxLength) {
      out.add(new Violation(field, "is longer than " + maxLength + " characters"));
    } else if (label && (value.equals(RESERVED_ALL) || value.indexOf(KEY_SEPARATOR) >= 0)) {
      out.add(
          new Violation(
              field, "must not be '*' or contain '|' (reserved for roll-ups and group keys)"));
    }
  }

  private void eventTime(List<Violation> out, long eventTimeMs, long sentAtMs) {
    if (eventTimeMs < MIN_EVENT_TIME_MS) {
      out.add(
          new Violation(
              "eventTimeMs",
              "is before 2000-01-01, not epoch milliseconds (seconds sent instead?)"));
    } else if (sentAtMs > 0 && eventTimeMs - sentAtMs > maxFutureSkewMs) {
      out.add(
          new Violation(
              "eventTimeMs",
              "is "
                  + (eventTimeMs - sentAtMs) / 1000
                  + " s after the event was sent (future event time; at most "
                  + maxFutureSkewMs / 1000
                  + " s allowed)",
              Kind.FUTURE_EVENT_TIME));
    } else if (sentAtMs > 0 && sentAtMs - eventTimeMs > maxAgeMs) {
      out.add(
          new Violation(
              "eventTimeMs",
              "is "
                  + (sentAtMs - eventTimeMs) / 3_600_000
                  + " h before the event was sent (older than events.max-age, "
                  + maxAgeMs / 3_600_000
                  + " h)",
              Kind.TOO_OLD));
    }
  }

  private void timing(List<Violation> out, String field, Double v) {
    if (v == null) {
      return; // optional: the server could not measure it
    }
    if (v.isNaN()) {
      out.add(new Violation(field, "is NaN (send null when not measured)"));
    } else if (v.isInfinite()) {
      out.add(new Violation(field, "must be a finite number (was " + v + ")"));
    } else if (v < 0) {
      out.add(new Violation(field, "must not be negative (was " + v + ")"));
    } else if (v > maxTimingMs) {
      out.add(new Violation(field, aboveMax(v)));
    }
  }

  /**
   * The statistics report network in + out as one component, so their sum is a timing too. Only
   * checked when each side alone passes: a bad side is already reported under its own name.
   */
  private void networkTotal(List<Violation> out, Double in, Double outMs) {
    if (in != null && outMs != null && plausible(in) && plausible(outMs)) {
      if (in + outMs > maxTimingMs) {
        out.add(new Violation("networkInMs + networkOutMs", aboveMax(in + outMs)));
      }
    }
  }

  private boolean plausible(double v) {
    return v >= 0 && v <= maxTimingMs; // false for NaN
  }

  private String aboveMax(double v) {
    return "is "
        + v
        + " ms, above events.max-timing-ms "
        + maxTimingMs
        + " (a unit or clock error?)";
  }

  private static void tokens(List<Violation> out, RequestTiming t) {
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
  }

  private static void count(List<Violation> out, String field, Integer value) {
    if (value != null && value < 0) {
      out.add(new Violation(field, "must not be negative (was " + value + ")"));
    }
  }
}
