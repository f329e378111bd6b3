package dev.r1lat.testsupport;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RequestTiming} builder that reads like the domain, for any module's tests: {@code
 * Requests.request().region("eu-west").tier("H100").ttftMs(420).at(T0).build()}. Defaults: a fresh
 * request id, eu-west / H100 / deepseek-r1, status OK, 9 s end to end, one second after {@link
 * #T0}; every other timing unset.
 */
public final class Requests {
  public static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
  private static final AtomicLong IDS = new AtomicLong();

  private Requests() {}

  public static Builder request() {
    return new Builder();
  }

  public static final class Builder {
    private final RequestTiming.Builder b =
        RequestTiming.newBuilder()
            .setRequestId("req-" + IDS.incrementAndGet())
            .setEventTimeMs(T0 + 1_000)
            .setRegion("eu-west")
            .setTier("H100")
            .setModel("deepseek-r1")
            .setStatus(RequestStatus.OK)
            .setE2eMs(9_000.0);

    private Builder() {}

    public Builder id(String requestId) {
      b.setRequestId(requestId);
      return this;
    }

    public Builder region(String v) {
      b.setRegion(v);
      return this;
    }

    public Builder tier(String v) {
      b.setTier(v);
      return this;
    }

    public Builder model(String v) {
      b.setModel(v);
      return this;
    }

    /** Event time, epoch ms. */
    public Builder at(long eventTimeMs) {
      b.setEventTimeMs(eventTimeMs);
      return this;
    }

    public Builder status(RequestStatus s) {
      b.setStatus(s);
      return this;
    }

    public Builder e2eMs(double v) {
      b.setE2eMs(v);
      return this;
    }

    public Builder ttftMs(double v) {
      b.setTtftMs(v);
      return this;
    }

    public Builder ttfoMs(double v) {
      b.setTtfoMs(v);
      return this;
    }

    public Builder queueMs(double v) {
      b.setQueueMs(v);
      return this;
    }

    public Builder decodeMs(double v) {
      b.setDecodeMs(v);
      return this;
    }

    public Builder tokens(int reasoning, int answer) {
      b.setReasoningTokens(reasoning).setAnswerTokens(answer);
      return this;
    }

    public RequestTiming build() {
      return b.build();
    }
  }
}
