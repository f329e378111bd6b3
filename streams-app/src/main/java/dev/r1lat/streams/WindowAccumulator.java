package dev.r1lat.streams;

import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.anomaly.LatencySlos;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one window's statistics are computed from its events: per finest group, one {@link
 * ComponentStats} per component; each event updates only its finest group, and the roll-up levels
 * ((region, *), (*, tier), (*, *)) are merged once, when the window's partials are taken. Knows
 * nothing of offsets, retries or stream time, so any set of events of one window (first emission or
 * a correction of late events) is summarized the same way.
 */
final class WindowAccumulator {
  private final LatencySlos slos;
  private final Map<GroupKey, ComponentStats[]> groups = new HashMap<>();

  WindowAccumulator(LatencySlos slos) {
    this.slos = slos;
  }

  /**
   * Adds one request to its finest group. It is good (goodput) when it succeeded and no value it
   * has is above its class's threshold; an SLO whose component the request did not report is not
   * missed.
   */
  void add(RequestTiming t, GroupKey group) {
    ComponentStats[] stats = groups.computeIfAbsent(group, this::newStats);
    RequestStatus status = t.getStatus();
    boolean good = status == RequestStatus.OK;
    for (Component c : Component.all()) {
      double v = c.value(t);
      if (!Double.isNaN(v)) {
        ComponentStats s = stats[c.ordinal()];
        s.add(v, status);
        good &= !(v > s.sloMs());
      }
    }
    if (good) {
      for (ComponentStats s : stats) {
        s.addGood(); // on every component, so every row of the group carries the group's goodCount
      }
    }
  }

  private ComponentStats[] newStats(GroupKey group) {
    ComponentStats[] stats = new ComponentStats[Component.all().length];
    for (Component c : Component.all()) {
      stats[c.ordinal()] = new ComponentStats(slos.thresholdMs(group.tier(), c.id()));
    }
    return stats;
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  /**
   * The window's partials at every group level. A component's partial is taken when the group had a
   * value for it or a good request: a partition whose requests lack a component still contributes
   * its good count to that component's row, which the merger emits only if some partition saw a
   * value.
   */
  List<AggregatorOutput.Partial> partials(long windowStartMs, long windowEndMs) {
    Map<GroupKey, ComponentStats[]> levels = new HashMap<>();
    groups.forEach(
        (finest, stats) -> {
          for (GroupKey level : finest.levels()) {
            ComponentStats[] into = levels.get(level);
            if (into == null) {
              levels.put(level, level.equals(finest) ? stats : copy(stats));
            } else {
              for (int i = 0; i < into.length; i++) {
                into[i].merge(stats[i]);
              }
            }
          }
        });
    List<AggregatorOutput.Partial> out = new ArrayList<>();
    levels.forEach(
        (group, stats) -> {
          for (Component c : Component.all()) {
            ComponentStats s = stats[c.ordinal()];
            if (s.count() > 0 || s.good() > 0) {
              out.add(new AggregatorOutput.Partial(windowStartMs, windowEndMs, group, c, s));
            }
          }
        });
    return out;
  }

  /**
   * A roll-up starts as a copy of its first member (the finest group's own stats must not be
   * mutated by merges), with the member's threshold: a roll-up keeps a threshold only when all its
   * members share it.
   */
  private static ComponentStats[] copy(ComponentStats[] stats) {
    ComponentStats[] copy = new ComponentStats[stats.length];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = stats[i].copy();
    }
    return copy;
  }
}
