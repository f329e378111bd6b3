package dev.r1lat.sink;

import java.time.Duration;

/** Exponential back-off between retries, capped: initial, x2 each attempt, at most max. */
public record Backoff(Duration initial, Duration max) {

  public Duration delay(int attempt) {
    long ms = initial.toMillis();
    for (int i = 1; i < attempt && ms < max.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }
}
