package dev.r1lat.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a pipeline to finish: outputs arrive asynchronously, so a scenario waits until what
 * it expects is there and then a little longer (a duplicate would arrive late), and never forever.
 * A timeout is not an error here: the exact checks afterwards say what is missing.
 */
public final class Settle {
  private static final long QUIET_MS = 3_000;

  private Settle() {}

  /**
   * Until the streams app has accounted for {@code expected} input records and its outputs have
   * been quiet for a few seconds, then until ClickHouse holds what the stats topic holds and every
   * raw event ({@code expectedRaw}). Returns when ClickHouse had caught up (0: it did not).
   */
  public static long pipeline(Pipeline p, long expected, long expectedRaw, Duration timeout)
      throws InterruptedException {
    OutputCollector o = p.output();
    await(
        timeout,
        () ->
            o.accounted() >= expected
                && System.currentTimeMillis() - o.lastArrivalMs() >= QUIET_MS);
    return sink(p, expectedRaw, Duration.ofSeconds(90));
  }

  /**
   * Until ClickHouse mirrors the stats topic and holds {@code expectedRaw} raw rows; returns when
   * that was first seen (0 if never).
   */
  public static long sink(Pipeline p, long expectedRaw, Duration timeout)
      throws InterruptedException {
    OutputCollector o = p.output();
    boolean done =
        await(
            timeout,
            () -> {
              Warehouse.Counts c = p.warehouse().counts();
              return c.rawRows() >= expectedRaw
                  && c.statsRows() >= o.statsRecords()
                  && c.e2eCounted() >= o.counted();
            });
    long at = done ? System.currentTimeMillis() : 0;
    Thread.sleep(1_500); // the sink flushes every 300 ms: a duplicate would be there by now
    return at;
  }

  /** Polls {@code done} every 250 ms; a condition that throws (a service restarting) is false. */
  public static boolean await(Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (holds(done)) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  private static boolean holds(BooleanSupplier done) {
    try {
      return done.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
