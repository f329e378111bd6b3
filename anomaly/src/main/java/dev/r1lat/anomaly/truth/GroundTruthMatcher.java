package dev.r1lat.anomaly.truth;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores anomaly OPEN events against injected faults. An opening matches a fault when it is about
 * the fault's group and one of its components and opens between the fault's start and its end plus
 * a grace period (an anomaly seen just after a short fault is still that fault). The kind is not
 * required to match: a latency fault may rightly surface as SLO breach, regression or burn rate.
 */
public final class GroundTruthMatcher {
  private final long graceMs;
  private final long windowMs;

  public GroundTruthMatcher(long graceMs, long windowMs) {
    this.graceMs = graceMs;
    this.windowMs = windowMs;
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
      List<Double> delaysWindows) {

    public double precision() {
      return openings == 0 ? 1.0 : (double) matchedOpenings / openings;
    }

    public double recall() {
      return faults == 0 ? 1.0 : (double) detectedFaults / faults;
    }

    public double medianDelayWindows() {
      if (delaysWindows.isEmpty()) {
        return Double.NaN;
      }
      List<Double> s = delaysWindows.stream().sorted().toList();
      int n = s.size();
      return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public int falseOpenings() {
      return openings - matchedOpenings;
    }
  }

  public Report match(List<GroundTruthEvent> faults, List<LatencyAnomaly> events) {
    List<LatencyAnomaly> openings =
        events.stream().filter(e -> e.getState() == AnomalyState.OPEN).toList();
    int matched = 0;
    for (LatencyAnomaly a : openings) {
      if (faults.stream().anyMatch(f -> matches(f, a))) {
        matched++;
      }
    }
    List<Double> delays = new ArrayList<>();
    for (GroundTruthEvent f : faults) {
      openings.stream()
          .filter(a -> matches(f, a))
          .mapToLong(LatencyAnomaly::getWindowStartMs)
          .min()
          .ifPresent(t -> delays.add(Math.max(0, t - f.startMs()) / (double) windowMs));
    }
    return new Report(openings.size(), matched, faults.size(), delays.size(), delays);
  }

  private boolean matches(GroundTruthEvent f, LatencyAnomaly a) {
    return f.covers(a.getRegion(), a.getTier(), a.getComponent())
        && a.getWindowStartMs() >= f.startMs() - windowMs
        && a.getWindowStartMs() <= f.endMs() + graceMs;
  }
}
