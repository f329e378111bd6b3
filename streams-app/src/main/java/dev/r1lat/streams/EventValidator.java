package dev.r1lat.streams;

import dev.r1lat.schema.RequestTiming;

/**
 * Rejects events the statistics must not see, with a reason for the dead-letter header. Every rule
 * depends only on the record itself (the future-skew rule compares with the Kafka record timestamp,
 * not the wall clock), so a replay after a crash rejects exactly what the first run rejected.
 */
public final class EventValidator {
  private final double maxTimingMs;
  private final long maxFutureSkewMs;

  public EventValidator(double maxTimingMs, long maxFutureSkewMs) {
    this.maxTimingMs = maxTimingMs;
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  /** Null when valid, otherwise a one-line reason naming the field. */
  public String check(RequestTiming t, long recordTimestampMs) {
    if (isBlank(t.getRequestId())) {
      return "requestId is empty";
    }
    if (isBlank(t.getRegion()) || isBlank(t.getTier()) || isBlank(t.getModel())) {
      return "region, tier and model are required";
    }
    if (reserved(t.getRegion()) || reserved(t.getTier()) || reserved(t.getModel())) {
      return "region, tier and model must not be '*' or contain '|' (reserved for roll-ups and keys)";
    }
    if (t.getEventTimeMs() <= 0) {
      return "eventTimeMs " + t.getEventTimeMs() + " is not a time";
    }
    if (recordTimestampMs > 0 && t.getEventTimeMs() - recordTimestampMs > maxFutureSkewMs) {
      return "eventTimeMs is "
          + (t.getEventTimeMs() - recordTimestampMs) / 1000
          + " s after the record was produced (future event time)";
    }
    for (Component c : Component.all()) {
      String bad = checkTiming(c.id(), c.value(t));
      if (bad != null) {
        return bad;
      }
    }
    return checkTokens(t);
  }

  private String checkTiming(String name, double v) {
    if (Double.isNaN(v)) {
      return null; // not measured, or NaN sent: treated as absent only when null, see below
    }
    if (Double.isInfinite(v) || v < 0) {
      return name + " is " + v + " ms (negative or infinite)";
    }
    if (v > maxTimingMs) {
      return name + " is " + v + " ms (above streams.max-timing-ms " + maxTimingMs + ")";
    }
    return null;
  }

  private static String checkTokens(RequestTiming t) {
    if (negative(t.getPromptTokens())
        || negative(t.getReasoningTokens())
        || negative(t.getAnswerTokens())
        || negative(t.getCachedPromptTokens())) {
      return "token counts must not be negative";
    }
    if (Double.isNaN(t.getE2eMs())) {
      return "e2eMs is NaN";
    }
    for (Double d :
        new Double[] {
          t.getTtftMs(),
          t.getTtfoMs(),
          t.getQueueMs(),
          t.getPrefillMs(),
          t.getDecodeMs(),
          t.getPreprocessMs(),
          t.getPostprocessMs(),
          t.getMaxInterTokenGapMs(),
          t.getNetworkInMs(),
          t.getNetworkOutMs()
        }) {
      if (d != null && d.isNaN()) {
        return "a timing is NaN (send null when not measured)";
      }
    }
    return null;
  }

  private static boolean negative(Integer v) {
    return v != null && v < 0;
  }

  private static boolean reserved(String s) {
    return s.equals(GroupKey.ALL) || s.indexOf('|') >= 0;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
