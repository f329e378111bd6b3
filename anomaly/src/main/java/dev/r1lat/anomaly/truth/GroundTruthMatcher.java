package dev.r1lat.anomaly.truth;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Scores anomaly OPEN events against injected faults. An opening matches a fault when
 *
 * <ul>
 *   <li>its group shares traffic with the fault's group: the same group, a roll-up containing it
 *       (region, tier) = (us-east, *), (*, H100) or (*, *) for a fault in (us-east, H100), or one
 *       of the groups a region-wide fault (ap-south, *) covers. A roll-up that moves because a
 *       member moved is reporting the fault, not a second problem;
 *   <li>its component is one the fault moves (the ground truth lists them);
 *   <li>its window starts between one window before the fault's start (a window straddles it) and
 *       the fault's end plus a grace period (an anomaly seen just after a short fault is still that
 *       fault).
 * </ul>
 *
 * The kind is not required to match: a latency fault may rightly surface as SLO breach, regression
 * or burn rate. Every other opening is a false positive.
 */
public final class GroundTruthMatcher {
  private final long graceMs;
  private final long windowMs;

  public GroundTruthMatcher(long graceMs, long windowMs) {
    this.graceMs = graceMs;
    this.windowMs = windowMs;
  }

  /** One fault's outcome: its first matching opening, if any, and the delay to it in windows. */
  public record FaultResult(
      GroundTruthEvent fault, Optional<LatencyAnomaly> first, double delayWindows, int openings) {
    public boolean detected() {
      return first.isPresent();
    }
  }

  /**
   * Precision = matched openings / openings; recall = faults with a matched opening / faults; delay
   * in windows from a fault's start to its first matched opening (median over detected faults).
   */
  public record Report(
      int openings,
      int matchedOpenings,
      int faults,
      int detectedFaults,
      List<Double> delaysWindows,
      List<FaultResult> perFault,
      List<LatencyAnomaly> matched,
      List<LatencyAnomaly> unmatched) {

    public Report {
      delaysWindows = List.copyOf(delaysWindows);
      perFault = List.copyOf(perFault);
      matched = List.copyOf(matched);
      unmatched = List.copyOf(unmatched);
    }

    public double precision() {
      return openings == 0 ? 1.0 : (double) matchedOpenings / openings;
    }

    public double recall() {
      return faults == 0 ? 1.0 : (double) detectedFaults / faults;
    }

    public double medianDelayWindows() {
      return median(delaysWindows);
    }

    public int falseOpenings() {
      return openings - matchedOpenings;
    }

    /** Several runs scored together: counts add up, delays pool. */
    public Report plus(Report o) {
      List<Double> d = new ArrayList<>(delaysWindows);
      d.addAll(o.delaysWindows);
      List<FaultResult> f = new ArrayList<>(perFault);
      f.addAll(o.perFault);
      List<LatencyAnomaly> m = new ArrayList<>(matched);
      m.addAll(o.matched);
      List<LatencyAnomaly> u = new ArrayList<>(unmatched);
      u.addAll(o.unmatched);
      return new Report(
          openings + o.openings,
          matchedOpenings + o.matchedOpenings,
          faults + o.faults,
          detectedFaults + o.detectedFaults,
          d,
          f,
          m,
          u);
    }

    public static Report empty() {
      return new Report(0, 0, 0, 0, List.of(), List.of(), List.of(), List.of());
    }
  }

  public Report match(List<GroundTruthEvent> faults, List<LatencyAnomaly> events) {
    List<LatencyAnomaly> openings =
        events.stream()
            .filter(e -> e.getState() == AnomalyState.OPEN)
            .sorted(Comparator.comparingLong(LatencyAnomaly::getWindowStartMs))
            .toList();
    List<LatencyAnomaly> matched = new ArrayList<>();
    List<LatencyAnomaly> unmatched = new ArrayList<>();
    for (LatencyAnomaly a : openings) {
      (faults.stream().anyMatch(f -> matches(f, a)) ? matched : unmatched).add(a);
    }
    List<Double> delays = new ArrayList<>();
    List<FaultResult> perFault = new ArrayList<>();
    for (GroundTruthEvent f : faults) {
      List<LatencyAnomaly> mine = openings.stream().filter(a -> matches(f, a)).toList();
      Optional<LatencyAnomaly> first = mine.stream().findFirst();
      double delay =
          first
              .map(a -> Math.max(0, a.getWindowStartMs() - f.startMs()) / (double) windowMs)
              .orElse(Double.NaN);
      first.ifPresent(a -> delays.add(delay));
      perFault.add(new FaultResult(f, first, delay, mine.size()));
    }
    return new Report(
        openings.size(),
        matched.size(),
        faults.size(),
        delays.size(),
        delays,
        perFault,
        matched,
        unmatched);
  }

  private boolean matches(GroundTruthEvent f, LatencyAnomaly a) {
    return f.covers(a.getRegion(), a.getTier(), a.getComponent())
        && a.getWindowStartMs() >= f.startMs() - windowMs
        && a.getWindowStartMs() <= f.endMs() + graceMs;
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = values.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
