package dev.r1lat.streams;

import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.anomaly.LatencySlos;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The windows one input partition has not closed yet, in memory: per window, its {@link
 * WindowAccumulator} (the statistics of its events, roll-ups merged when it closes). Tracks the
 * smallest input offset that contributed to each open window, which is where a replay must start
 * after a crash, and the request ids each open window has counted ({@link SeenRequests}), so a
 * retried request is counted once.
 */
final class OpenWindows {
  private final long sizeMs;
  private final LatencySlos slos;
  private final TreeMap<Long, Window> windows = new TreeMap<>();

  private static final class Window {
    final WindowAccumulator stats;
    final SeenRequests seen = new SeenRequests();
    long minOffset = Long.MAX_VALUE;

    Window(LatencySlos slos) {
      this.stats = new WindowAccumulator(slos);
    }
  }

  OpenWindows(long sizeMs, LatencySlos slos) {
    this.sizeMs = sizeMs;
    this.slos = slos;
  }

  long windowStart(long eventTimeMs) {
    return eventTimeMs - Math.floorMod(eventTimeMs, sizeMs);
  }

  /**
   * Adds the event to its window, unless the window has already counted its request id (a retry):
   * then nothing changes and the result is false. The replay after a crash adds the same records in
   * the same order, so it drops the same retries and leaves the same ids behind.
   */
  boolean add(RequestTiming t, GroupKey group, long offset) {
    Window w = windows.computeIfAbsent(windowStart(t.getEventTimeMs()), s -> new Window(slos));
    if (!w.seen.add(t.getRequestId())) {
      return false; // the first copy's offset is smaller, so replayFrom already covers it
    }
    w.minOffset = Math.min(w.minOffset, offset);
    w.stats.add(t, group);
    return true;
  }

  /** Removes every window ending at or before {@code closedUpToMs}; returns their partials. */
  List<AggregatorOutput.Partial> closeUpTo(long closedUpToMs) {
    List<AggregatorOutput.Partial> out = new ArrayList<>();
    Iterator<Map.Entry<Long, Window>> it = windows.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Window> e = it.next();
      long start = e.getKey();
      if (start + sizeMs > closedUpToMs) {
        break;
      }
      out.addAll(e.getValue().stats.partials(start, start + sizeMs));
      it.remove();
    }
    return out;
  }

  /** Smallest offset of any open window, or {@code fallback} when none is open. */
  long replayFrom(long fallback) {
    long min = fallback;
    for (Window w : windows.values()) {
      min = Math.min(min, w.minOffset);
    }
    return min;
  }
}
