package dev.r1lat.streams;

import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The windows one input partition has not closed yet, in memory: per window and finest group, one
 * {@link ComponentStats} per component. Each event updates only its finest group; the roll-up
 * levels are merged once, when the window closes. Tracks the smallest input offset that contributed
 * to each open window, which is where a replay must start after a crash, and the request ids each
 * open window has counted ({@link SeenRequests}), so a retried request is counted once.
 */
final class OpenWindows {
  private final long sizeMs;
  private final RequestSloThresholds slo;
  private final TreeMap<Long, Window> windows = new TreeMap<>();

  private static final class Window {
    final Map<GroupKey, ComponentStats[]> groups = new HashMap<>();
    final SeenRequests seen = new SeenRequests();
    long minOffset = Long.MAX_VALUE;
  }

  OpenWindows(long sizeMs, RequestSloThresholds slo) {
    this.sizeMs = sizeMs;
    this.slo = slo;
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
    Window w = windows.computeIfAbsent(windowStart(t.getEventTimeMs()), s -> new Window());
    if (!w.seen.add(t.getRequestId())) {
      return false; // the first copy's offset is smaller, so replayFrom already covers it
    }
    w.minOffset = Math.min(w.minOffset, offset);
    ComponentStats[] stats = w.groups.computeIfAbsent(group, this::newStats);
    boolean error = t.getStatus() != RequestStatus.OK;
    for (Component c : Component.all()) {
      double v = c.value(t);
      if (!Double.isNaN(v)) {
        stats[c.ordinal()].add(v, error);
      }
    }
    return true;
  }

  private ComponentStats[] newStats(GroupKey group) {
    ComponentStats[] stats = new ComponentStats[Component.all().length];
    for (Component c : Component.all()) {
      stats[c.ordinal()] = new ComponentStats(slo.threshold(group.tier(), c));
    }
    return stats;
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
      emitWithRollups(start, e.getValue(), out);
      it.remove();
    }
    return out;
  }

  private void emitWithRollups(long start, Window w, List<AggregatorOutput.Partial> out) {
    Map<GroupKey, ComponentStats[]> levels = new HashMap<>();
    w.groups.forEach(
        (finest, stats) -> {
          for (GroupKey level : finest.levels()) {
            ComponentStats[] into = levels.get(level);
            if (into == null) {
              levels.put(level, level.equals(finest) ? stats : copyForLevel(level, stats));
            } else {
              for (int i = 0; i < into.length; i++) {
                into[i].merge(stats[i]);
              }
            }
          }
        });
    levels.forEach(
        (group, stats) -> {
          for (Component c : Component.all()) {
            if (stats[c.ordinal()].count() > 0) {
              out.add(
                  new AggregatorOutput.Partial(
                      start, start + sizeMs, group, c, stats[c.ordinal()]));
            }
          }
        });
  }

  /**
   * A roll-up starts as a copy of its first member: the finest group's own stats must not be
   * mutated by merges. Rolled-up levels over tiers use the all-tier SLO threshold.
   */
  private ComponentStats[] copyForLevel(GroupKey level, ComponentStats[] stats) {
    ComponentStats[] copy = newStats(level);
    for (int i = 0; i < copy.length; i++) {
      copy[i].merge(stats[i]);
    }
    return copy;
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
