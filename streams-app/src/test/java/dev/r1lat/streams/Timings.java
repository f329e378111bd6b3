package dev.r1lat.streams;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Test builder that reads like the domain: {@code request().region("eu-west").ttftMs(420)}. */
final class Timings {
  static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
  static final long ONE_MINUTE = 60_000;
  private static final AtomicLong IDS = new AtomicLong();

  private Timings() {}

  static long oneMinuteLater(long t) {
    return t + ONE_MINUTE;
  }

  static Builder request() {
    return new Builder();
  }

  static final class Builder {
    private final RequestTiming.Builder b =
        RequestTiming.newBuilder()
            .setRequestId("req-" + IDS.incrementAndGet())
            .setEventTimeMs(T0 + 1_000)
            .setRegion("eu-west")
            .setTier("H100")
            .setModel("deepseek-r1")
            .setStatus(RequestStatus.OK)
            .setE2eMs(9_000.0);

    Builder region(String v) {
      b.setRegion(v);
      return this;
    }

    Builder tier(String v) {
      b.setTier(v);
      return this;
    }

    Builder model(String v) {
      b.setModel(v);
      return this;
    }

    Builder at(long eventTimeMs) {
      b.setEventTimeMs(eventTimeMs);
      return this;
    }

    Builder status(RequestStatus s) {
      b.setStatus(s);
      return this;
    }

    Builder e2eMs(double v) {
      b.setE2eMs(v);
      return this;
    }

    Builder ttftMs(double v) {
      b.setTtftMs(v);
      return this;
    }

    Builder ttfoMs(double v) {
      b.setTtfoMs(v);
      return this;
    }

    Builder queueMs(double v) {
      b.setQueueMs(v);
      return this;
    }

    Builder decodeMs(double v) {
      b.setDecodeMs(v);
      return this;
    }

    Builder tokens(int reasoning, int answer) {
      b.setReasoningTokens(reasoning).setAnswerTokens(answer);
      return this;
    }

    Builder network(double in, double out) {
      b.setNetworkInMs(in).setNetworkOutMs(out);
      return this;
    }

    Builder all(double ms) {
      b.setNetworkInMs(ms)
          .setQueueMs(ms)
          .setPreprocessMs(ms)
          .setPrefillMs(ms)
          .setTtftMs(ms)
          .setTtfoMs(ms)
          .setDecodeMs(ms)
          .setMaxInterTokenGapMs(ms)
          .setPostprocessMs(ms)
          .setNetworkOutMs(ms)
          .setReasoningTokens(10)
          .setAnswerTokens(11)
          .setE2eMs(ms);
      return this;
    }

    RequestTiming build() {
      return b.build();
    }
  }
}
