package dev.r1lat.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.TimingValidator.Violation;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimingValidatorTest {
  static final long NOW = 1_790_000_000_000L;
  final TimingValidator validator = TimingValidator.defaults();

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
  void acceptsAPlausibleRecord() {
    assertThat(validator.validate(valid().build(), NOW)).isEmpty();
  }

  @Test
  void rejectsNegativeNonFiniteAndAbsurdTimings() {
    RequestTiming t =
        valid()
            .setQueueMs(-1.0)
            .setPrefillMs(Double.NaN)
            .setDecodeMs(Double.POSITIVE_INFINITY)
            .setE2eMs(90_000_000.0)
            .build();
    assertThat(validator.validate(t, NOW))
        .extracting(Violation::field)
        .containsExactly("queueMs", "prefillMs", "decodeMs", "e2eMs");
    assertThat(validator.validate(t, NOW).get(0).reason()).isEqualTo("must be >= 0 (was -1.0)");
    assertThat(validator.validate(t, NOW).get(3).reason()).startsWith("exceeds 24 h");
  }

  @Test
  void rejectsBlankLabelsAndImplausibleEventTimes() {
    RequestTiming t = valid().setRegion(" ").setEventTimeMs(1_790_000_000L).build();
    assertThat(validator.validate(t, NOW))
        .containsExactly(
            new Violation("region", "must not be blank"),
            new Violation(
                "eventTimeMs",
                "is before 2000-01-01, not epoch milliseconds (seconds sent instead?)"));
    RequestTiming future = valid().setEventTimeMs(NOW + 301_000).build();
    assertThat(validator.validate(future, NOW))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.toString())
                    .isEqualTo("eventTimeMs: is 301 s in the future (at most 300 s allowed)"));
    assertThat(new TimingValidator(Duration.ofMinutes(10)).validate(future, NOW)).isEmpty();
  }

  @Test
  void rejectsMissingRequiredFieldsAndInconsistentTokenCounts() {
    RequestTiming t = new RequestTiming(); // nothing set (primitive eventTimeMs stays 0)
    assertThat(validator.validate(t, NOW))
        .extracting(Violation::field)
        .containsExactly("requestId", "region", "tier", "model", "eventTimeMs", "status");
    RequestTiming tokens = valid().setCachedPromptTokens(101).setAnswerTokens(-2).build();
    assertThat(validator.validate(tokens, NOW))
        .containsExactly(
            new Violation("answerTokens", "must be >= 0 (was -2)"),
            new Violation("cachedPromptTokens", "exceeds promptTokens"));
  }
}
