package dev.r1lat.sink.write;

import dev.r1lat.schema.TimingRules;
import java.util.List;

/**
 * A one-sided shortcut of {@link TimingRules} on the values {@link TimingNativeEncoder} reads from
 * the bytes: it may only say "valid". Every check is the negation of one of TimingRules' rules
 * (same fields, same comparisons), and whatever it cannot settle on bytes alone — a rule broken,
 * text that is not ASCII, a varint longer than Avro's canonical form — answers "not sure", after
 * which the caller asks TimingRules itself on the decoded record, which names the broken rule. So a
 * reject's reason always comes from TimingRules; this class can only make valid events cheaper.
 * FastTimingRulesTest compares both on every rule's violating event and on random mutations.
 */
public final class FastTimingRules {
  /** What a schema field is checked for. */
  enum Check {
    NONE,
    /** requestId: present, not blank, at most {@link TimingRules#MAX_ID_LENGTH} characters. */
    ID,
    /** region, tier, model: as ID with the label length, and not '*', no '|'. */
    LABEL,
    EVENT_TIME,
    /** a double field named *Ms: finite, non-negative, at most the max timing. */
    TIMING,
    /** an int field: non-negative. */
    COUNT
  }

  /** Per schema field (TimingColumns order). Names as TimingRules reads them (its getters). */
  static final Check[] CHECKS =
      TimingColumns.ALL.stream().map(FastTimingRules::check).toArray(Check[]::new);

  static final int PROMPT_TOKENS = index("promptTokens");
  static final int CACHED_PROMPT_TOKENS = index("cachedPromptTokens");
  static final int NETWORK_IN = index("networkInMs");
  static final int NETWORK_OUT = index("networkOutMs");

  private final double maxTimingMs;
  private final long maxFutureSkewMs;
  private final long maxAgeMs;

  public FastTimingRules(TimingRules rules) {
    this.maxTimingMs = rules.maxTimingMs();
    this.maxFutureSkewMs = rules.maxFutureSkewMs();
    this.maxAgeMs = rules.maxAgeMs();
  }

  private static Check check(TimingColumns.Column c) {
    String f = c.field().name();
    return switch (c.kind()) {
      case STRING ->
          switch (f) {
            case "requestId" -> Check.ID;
            case "region", "tier", "model" -> Check.LABEL;
            default -> Check.NONE;
          };
      case MILLIS -> f.equals("eventTimeMs") ? Check.EVENT_TIME : Check.NONE;
      case NULLABLE_DOUBLE, DOUBLE -> f.endsWith("Ms") ? Check.TIMING : Check.NONE;
      case NULLABLE_UINT32 -> Check.COUNT;
      default -> Check.NONE;
    };
  }

  /**
   * A field TimingRules reads by name: a schema without it stops the sink from starting (this class
   * would otherwise skip a rule), rather than let an event through unchecked.
   */
  private static int index(String field) {
    List<String> fields = TimingColumns.ALL.stream().map(c -> c.field().name()).toList();
    int i = fields.indexOf(field);
    if (i < 0) {
      throw new IllegalStateException(
          "RequestTiming has no field "
              + field
              + ", which TimingRules checks: update FastTimingRules");
    }
    return i;
  }

  /** Text TimingRules accepts: ASCII only (else unsure), not blank, short, not reserved. */
  static boolean text(byte[] b, int from, int len, boolean label) {
    int max = label ? TimingRules.MAX_LABEL_LENGTH : TimingRules.MAX_ID_LENGTH;
    if (len == 0 || len > max) {
      return false;
    }
    boolean blank = true;
    for (int i = from; i < from + len; i++) {
      int x = b[i];
      if (x < 0 || (label && x == TimingRules.KEY_SEPARATOR)) {
        return false; // non-ASCII: String.length and isBlank are TimingRules' to judge
      }
      blank &= isAsciiWhitespace(x);
    }
    return !blank && !(label && len == 1 && b[from] == '*');
  }

  /** {@link Character#isWhitespace} on an ASCII code point, as {@link String#isBlank} uses it. */
  static boolean isAsciiWhitespace(int c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  }

  /** TimingRules' event-time rule, negated: the same expressions, the same overflow. */
  boolean eventTime(long eventTimeMs, long sentAtMs) {
    if (eventTimeMs < TimingRules.MIN_EVENT_TIME_MS) {
      return false;
    }
    if (sentAtMs > 0 && eventTimeMs - sentAtMs > maxFutureSkewMs) {
      return false;
    }
    return !(sentAtMs > 0 && sentAtMs - eventTimeMs > maxAgeMs);
  }

  /** A timing TimingRules accepts: not NaN, finite, not negative, at most the max timing. */
  boolean timing(double v) {
    return !Double.isNaN(v) && !Double.isInfinite(v) && !(v < 0) && !(v > maxTimingMs);
  }

  /** Network in + out (both present and valid alone) must be a valid timing too. */
  boolean networkTotal(double in, double out) {
    return !(in + out > maxTimingMs);
  }
}
