package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Traffic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per partition (records are sent to explicit partitions, since event time is per partition), an
 * in-order base of one event every 250 ms over {@code windows} windows, and four crafted events for
 * every window {@code w} but the last:
 *
 * <ol>
 *   <li>mid-window, an event from that window's first second: out of order, window open: counted;
 *   <li>once event time is {@code end + grace - 250 ms}, an event at {@code end - 2}: counted;
 *   <li>once event time is exactly {@code end + grace}, an event at {@code end - 3}: late;
 *   <li>once event time is {@code end + 25 s}, an event from the window's start: late.
 * </ol>
 */
record LatePlan(
    String idPrefix,
    List<Outbound> records,
    Map<Long, Long> countedByWindow,
    Map<Long, Long> lateByWindow,
    Set<String> lateIds) {
  static final long GRACE_MS = 10_000;
  private static final long STEP_MS = 250;
  private static final int PER_WINDOW = (int) (Traffic.WINDOW_MS / STEP_MS);

  static LatePlan create(String idPrefix, int windows) {
    Traffic base = Traffic.inThePast(idPrefix, windows, PER_WINDOW);
    LatePlan plan =
        new LatePlan(
            idPrefix, new ArrayList<>(), new TreeMap<>(), new TreeMap<>(), new HashSet<>());
    int[] seq = {0};
    for (int partition = 0; partition < 3; partition++) {
      for (int w = 0; w < windows; w++) {
        long start = base.windowStart(w);
        long previousEnd = start;
        for (int j = 0; j < PER_WINDOW; j++) {
          plan.add(partition, start + j * STEP_MS, seq, false);
          if (w > 0) {
            addCrafted(plan, partition, previousEnd, j, seq);
          }
          if (j == PER_WINDOW / 2 && w < windows - 1) {
            plan.add(partition, start + 1_000, seq, false);
          }
        }
      }
    }
    return plan;
  }

  /** The crafted events for the window that ended at {@code end}, placed after base event j. */
  private static void addCrafted(LatePlan plan, int partition, long end, int j, int[] seq) {
    long graceSteps = GRACE_MS / STEP_MS;
    if (j == graceSteps - 1) {
      plan.add(partition, end - 2, seq, false);
    } else if (j == graceSteps) {
      plan.add(partition, end - 3, seq, true);
    } else if (j == 100) {
      plan.add(partition, end - Traffic.WINDOW_MS + 5, seq, true);
    }
  }

  private void add(int partition, long eventTimeMs, int[] seq, boolean late) {
    Outbound o = Outbound.valid(Traffic.timing(idPrefix + seq[0], eventTimeMs, seq[0]), partition);
    seq[0]++;
    records.add(o);
    long window = eventTimeMs - Math.floorMod(eventTimeMs, Traffic.WINDOW_MS);
    (late ? lateByWindow : countedByWindow).merge(window, 1L, Long::sum);
    if (late) {
      lateIds.add(o.key());
    }
  }
}
