package dev.r1lat.ingest.gateway;

import java.time.Duration;

/**
 * The one point in time by which a request is answered, fixed when it arrives: the time it waits
 * for a worker, reads, checks and waits for Kafka all come out of the same budget, so no stage can
 * restart the clock (the 30 s + 60 s answers of a frozen broker came from waits that each had their
 * own timeout). Monotonic clock; immutable.
 */
public record Deadline(long atNanos) {

  /** The deadline {@code timeout} from now. */
  public static Deadline in(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos());
  }

  /** Nanoseconds left, 0 once passed. */
  public long remainingNanos() {
    return Math.max(0, atNanos - System.nanoTime());
  }

  public boolean expired() {
    return atNanos - System.nanoTime() <= 0;
  }

  /** A deadline {@code margin} before this one, to finish a stage with time left to answer. */
  public Deadline earlier(Duration margin) {
    return new Deadline(atNanos - margin.toNanos());
  }
}
