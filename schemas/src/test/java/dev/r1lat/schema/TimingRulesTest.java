package dev.r1lat.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.TimingRules.Kind;
import dev.r1lat.schema.TimingRules.Violation;
import org.junit.jupiter.api.Test;

class TimingRulesTest {
  static final long NOW = 1_790_000_000_000L;
  static final double DAY_MS = 86_400_000.0;
  final TimingRules rules = new TimingRules(DAY_MS, 300_000, 1_209_600_000L);

  static RequestTiming.Builder valid() {
    return RequestTiming.newBuilder()
        .setRequestId("r-1")
        .setEventTimeMs(NOW - 1_000)
        .setRegion("eu-west")
        .setTier("H100")
        .setModel("deepseek-r1")
        .setStatus(RequestStatus.OK)
        .setTtftMs(420.5)
        .setPromptTokens(100)
        .setCachedPromptTokens(40)
        .setE2eMs(9_000.0);
  }

  @Test
  void shouldAcceptAPlausibleRecord() {
    assertThat(rules.violations(valid().build(), NOW)).isEmpty();
    assertThat(rules.firstViolation(valid().build(), NOW)).isNull();
    assertThat(reason(rules, valid().build(), NOW)).isNull();
  }

  @Test
  void shouldListEveryNegativeNonFiniteAndAbsurdTimingInFieldOrder() {
    RequestTiming t =
        valid()
            .setQueueMs(-1.0)
            .setPrefillMs(Double.NaN)
            .setDecodeMs(Double.POSITIVE_INFINITY)
            .setE2eMs(90_000_000.0)
            .build();
    assertThat(rules.violations(t, NOW))
        .extracting(Violation::field)
        .containsExactly("queueMs", "prefillMs", "decodeMs", "e2eMs");
    assertThat(rules.violations(t, NOW))
        .extracting(Violation::reason)
        .containsExactly(
            "must not be negative (was -1.0)",
            "is NaN (send null when not measured)",
            "must be a finite number (was Infinity)",
            "is 9.0E7 ms, above events.max-timing-ms 8.64E7 (a unit or clock error?)");
  }

  @Test
  void shouldCheckEveryDurationFieldOfTheSchema() {
    for (org.apache.avro.Schema.Field f : RequestTiming.getClassSchema().getFields()) {
      RequestTiming t = valid().build();
      if (f.name().endsWith("Ms") && !f.name().equals("eventTimeMs")) {
        t.put(f.pos(), -1.0);
        assertThat(rules.violations(t, NOW))
            .as("RequestTiming.%s is a duration the rules check", f.name())
            .extracting(Violation::toString)
            .containsExactly(f.name() + " must not be negative (was -1.0)");
      }
    }
  }

  @Test
  void shouldTakeTheMaxTimingFromItsSetting() {
    RequestTiming slow = valid().setE2eMs(90_000_000.0).build();
    assertThat(new TimingRules(2 * DAY_MS, 300_000, 1_209_600_000L).violations(slow, NOW))
        .isEmpty();
    assertThat(reason(new TimingRules(1_000, 300_000, 1_209_600_000L), valid().build(), NOW))
        .isEqualTo(
            "e2eMs is 9000.0 ms, above events.max-timing-ms 1000.0 (a unit or clock error?)");
  }

  @Test
  void shouldCheckTheNetworkTotalTheStatisticsReportAsOneComponent() {
    RequestTiming t = valid().setNetworkInMs(0.6 * DAY_MS).setNetworkOutMs(0.6 * DAY_MS).build();
    assertThat(rules.violations(t, NOW))
        .singleElement()
        .extracting(Violation::field)
        .isEqualTo("networkInMs + networkOutMs");
    RequestTiming oneBad = valid().setNetworkInMs(-1.0).setNetworkOutMs(DAY_MS).build();
    assertThat(rules.violations(oneBad, NOW)).extracting(Violation::field).contains("networkInMs");
    assertThat(rules.violations(oneBad, NOW)).hasSize(1);
  }

  @Test
  void shouldRejectBlankLabelsAndEventTimesThatAreNotEpochMillis() {
    RequestTiming t = valid().setRegion(" ").setEventTimeMs(1_790_000_000L).build();
    assertThat(rules.violations(t, NOW))
        .containsExactly(
            new Violation("region", "must not be blank"),
            new Violation(
                "eventTimeMs",
                "is before 2000-01-01, not epoch milliseconds (seconds sent instead?)"));
  }

  @Test
  void shouldRejectReservedAndOverlongLabels() {
    assertThat(reason(rules, valid().setRegion("*").build(), NOW))
        .isEqualTo("region must not be '*' or contain '|' (reserved for roll-ups and group keys)");
    assertThat(rules.violations(valid().setTier("H1|00").setModel("m|x").build(), NOW))
        .extracting(Violation::field)
        .containsExactly("tier", "model");
    assertThat(rules.violations(valid().setModel("x".repeat(101)).build(), NOW))
        .containsExactly(new Violation("model", "is longer than 100 characters"));
    assertThat(rules.violations(valid().setRequestId("*|*").build(), NOW))
        .as("a request id is no group label")
        .isEmpty();
    assertThat(rules.violations(valid().setRequestId("r".repeat(201)).build(), NOW))
        .extracting(Violation::field)
        .containsExactly("requestId");
  }

  @Test
  void shouldJudgeFutureSkewAgainstWhenTheEventWasSentNotTheWallClock() {
    RequestTiming future = valid().setEventTimeMs(NOW + 301_000).build();
    Violation v = rules.firstViolation(future, NOW);
    assertThat(v.kind()).isEqualTo(Kind.FUTURE_EVENT_TIME);
    assertThat(v.kind().label()).isEqualTo("future_event_time");
    assertThat(v.toString())
        .isEqualTo(
            "eventTimeMs is 301 s after the event was sent (future event time; at most 300 s"
                + " allowed)");
    assertThat(rules.violations(future, NOW + 1_000)).as("sent a second later").isEmpty();
    assertThat(new TimingRules(DAY_MS, 600_000, 1_209_600_000L).violations(future, NOW)).isEmpty();
    assertThat(rules.violations(future, -1)).as("no timestamp: the rule cannot apply").isEmpty();
  }

  @Test
  void shouldRefuseAnEventOlderThanTheMaxAgeWhenItWasSent() {
    long fourteenDays = 1_209_600_000L;
    RequestTiming old = valid().setEventTimeMs(NOW - fourteenDays - 3_600_000).build();
    Violation v = rules.firstViolation(old, NOW);
    assertThat(v.kind()).isEqualTo(Kind.TOO_OLD);
    assertThat(v.kind().label()).isEqualTo("too_old");
    assertThat(v.kind().timeUntrusted()).isTrue();
    assertThat(v.toString())
        .isEqualTo(
            "eventTimeMs is 337 h before the event was sent (older than events.max-age, 336 h)");
    assertThat(rules.violations(valid().setEventTimeMs(NOW - fourteenDays).build(), NOW))
        .as("exactly at the limit")
        .isEmpty();
    assertThat(rules.violations(old, -1)).as("no timestamp: the rule cannot apply").isEmpty();
    assertThat(Kind.INVALID_FIELD.timeUntrusted()).isFalse();
    assertThat(Kind.FUTURE_EVENT_TIME.timeUntrusted()).isTrue();
  }

  @Test
  void shouldRejectMissingRequiredFieldsAndInconsistentTokenCounts() {
    RequestTiming t = new RequestTiming(); // nothing set (primitive eventTimeMs stays 0)
    assertThat(rules.violations(t, NOW))
        .extracting(Violation::field)
        .containsExactly("requestId", "region", "tier", "model", "eventTimeMs", "status");
    RequestTiming tokens =
        valid().setCachedPromptTokens(101).setAnswerTokens(-2).setBatchSize(-1).build();
    assertThat(rules.violations(tokens, NOW))
        .containsExactly(
            new Violation("answerTokens", "must not be negative (was -2)"),
            new Violation("batchSize", "must not be negative (was -1)"),
            new Violation("cachedPromptTokens", "exceeds promptTokens"));
  }

  @Test
  void shouldGiveTheFirstViolationAsOneLineAndEveryOtherAsAnInvalidField() {
    RequestTiming t = valid().setRequestId("").setE2eMs(-3.0).build();
    assertThat(reason(rules, t, NOW)).isEqualTo("requestId must not be blank");
    assertThat(rules.violations(t, NOW))
        .extracting(Violation::kind)
        .containsOnly(Kind.INVALID_FIELD);
    assertThat(new Violation("", "an event must be a JSON object").toString())
        .isEqualTo("an event must be a JSON object");
  }

  @Test
  void shouldNameTheProblemInTheWordsTheDeadLetterChecksLookFor() {
    assertThat(reason(rules, valid().setE2eMs(-12.5).build(), NOW)).contains("negative");
    assertThat(reason(rules, valid().setE2eMs(Double.NaN).build(), NOW)).contains("NaN");
    assertThat(reason(rules, valid().setRegion("*").build(), NOW)).contains("reserved");
    assertThat(reason(rules, valid().setE2eMs(1e12).build(), NOW)).contains("max-timing");
    assertThat(reason(rules, valid().setEventTimeMs(NOW + 7_200_000).build(), NOW))
        .contains("future");
  }

  @Test
  void shouldRefuseLimitsThatWouldRejectEverythingOrNothing() {
    assertThatThrownBy(() -> new TimingRules(0, 300_000, 1_209_600_000L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TimingRules(Double.NaN, 300_000, 1_209_600_000L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TimingRules(DAY_MS, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TimingRules(DAY_MS, -1, 1_209_600_000L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The first broken rule as the one line a dead-letter header carries, or null when valid. */
  private static String reason(TimingRules rules, RequestTiming t, long sentAtMs) {
    return java.util.Objects.toString(rules.firstViolation(t, sentAtMs), null);
  }
}
