package dev.r1lat.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects the exact checks of a scenario that failed, each as one line of evidence. */
public final class Checks {
  private final List<String> problems = new ArrayList<>();

  public Checks equal(String what, long actual, long expected) {
    if (actual != expected) {
      problems.add(what + ": " + actual + ", expected " + expected);
    }
    return this;
  }

  public Checks holds(String what, boolean condition) {
    if (!condition) {
      problems.add(what);
    }
    return this;
  }

  /**
   * The invariant of the streams app: every valid event is counted in exactly one final window, or
   * is on the late topic, window by window; the final stats exist once per key; and ClickHouse
   * holds exactly what the stats topic holds, each row once.
   */
  public Checks everyEventOnce(Traffic traffic, Ledger l) {
    Map<Long, Long> counted = l.countedByWindow();
    Map<Long, Long> late = l.lateByWindow();
    for (int w = 0; w < traffic.windows(); w++) {
      long start = traffic.windowStart(w);
      long c = counted.getOrDefault(start, 0L);
      long x = late.getOrDefault(start, 0L);
      if (c + x != traffic.perWindow()) {
        problems.add(
            "window "
                + Instant.ofEpochMilli(start)
                + ": counted "
                + c
                + " + late "
                + x
                + " != "
                + traffic.perWindow()
                + " produced");
      }
    }
    equal("events counted + late + dead-lettered", l.accounted(), l.eventsIn());
    equal("duplicate stats keys / late events / dead letters", l.outputDuplicates(), 0);
    return sinkMirrorsTopic(l);
  }

  /** ClickHouse (through the sink) holds the final stats exactly once each. */
  public Checks sinkMirrorsTopic(Ledger l) {
    Warehouse.Counts ch = l.clickhouse();
    // first emissions plus correction rows of late events (revision >= 1), which add to them
    equal(
        "ClickHouse latency_stats_1m e2e count for *|*",
        ch.e2eCounted(),
        l.counted() + l.corrected());
    equal("ClickHouse latency_stats_1m rows", ch.statsRows(), l.statsRecords());
    equal(
        "ClickHouse latency_stats_1m distinct keys (any revision)",
        ch.statsDistinct(),
        l.statsKeysIgnoringRevision());
    // as FINAL reads it: a collapsing raw table may hold a retried request's copies until it merges
    equal("ClickHouse request_timings duplicate request ids", ch.rawFinal() - ch.rawDistinct(), 0);
    return this;
  }

  /**
   * Window by window, {@code actual} equals {@code expected} (a window missing from one side counts
   * as 0), e.g. the events counted per window.
   */
  public Checks windows(String what, Map<Long, Long> expected, Map<Long, Long> actual) {
    java.util.Set<Long> all = new java.util.TreeSet<>(expected.keySet());
    all.addAll(actual.keySet());
    for (long w : all) {
      equal(
          what + " in window " + Instant.ofEpochMilli(w),
          actual.getOrDefault(w, 0L),
          expected.getOrDefault(w, 0L));
    }
    return this;
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }
}
