package dev.r1lat.anomaly.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.DetectorConfig.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A burst that is ordinary for the series' own distribution is not an anomaly. */
class OrdinaryBurstsTest {
  private static final long T0 = 1_400_000_000_000L;
  private static final long FIVE_MIN = 300_000;
  private static final int TWO_WEEKS = 14 * 288;

  private static List<SeriesReplay.Detection> replay(List<SeriesPoint> points) {
    return SeriesReplay.run(points, DetectorConfig.defaults(), Transform.LINEAR, false);
  }

  /** Steady volume around 50 with, on one point in 20, a burst of 2 to 30 times it (log-normal). */
  private static List<SeriesPoint> heavyTailedBursts(long seed) {
    Random r = new Random(seed);
    List<SeriesPoint> out = new ArrayList<>();
    for (int i = 0; i < TWO_WEEKS; i++) {
      double v = 50 + 5 * r.nextGaussian();
      if (r.nextDouble() < 0.05) {
        v *= Math.exp(1.2 + 0.6 * r.nextGaussian());
      }
      out.add(new SeriesPoint(T0 + i * FIVE_MIN, Math.max(0, v), "t" + i));
    }
    return out;
  }

  /** A CPU around 31 % with a job at the same minute of every hour: 45 % then 73 %. */
  private static List<SeriesPoint> hourlyJob(long seed) {
    Random r = new Random(seed);
    List<SeriesPoint> out = new ArrayList<>();
    for (int i = 0; i < TWO_WEEKS; i++) {
      double v =
          switch (i % 12) {
            case 0 -> 45;
            case 1 -> 73;
            default -> 31;
          };
      out.add(new SeriesPoint(T0 + i * FIVE_MIN, v + r.nextGaussian(), "t" + i));
    }
    return out;
  }

  /**
   * What is left are bursts beyond those of the days before: about one every two days, the largest
   * of a heavy tail (the same series opened about 150 times before the rule).
   */
  @Test
  void shouldOpenAlmostNothingOnAHeavyTailedBurstySeries() {
    for (long seed = 1; seed <= 3; seed++) {
      // the first day has no ordinary bursts to compare with yet; ~150 openings before this rule
      assertThat(replay(heavyTailedBursts(seed)))
          .filteredOn(d -> d.index() >= 288)
          .as("seed %d", seed)
          .hasSizeLessThanOrEqualTo(7);
    }
  }

  @Test
  void shouldOpenAtMostOnceOnABurstThatComesEveryHour() {
    assertThat(replay(hourlyJob(4))).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void shouldStillOpenOnABurstFarBeyondTheOrdinaryOnes() {
    List<SeriesPoint> points = new ArrayList<>(hourlyJob(5));
    int at = 10 * 288 + 100;
    points.set(at, new SeriesPoint(points.get(at).timestampMs(), 400, "spike"));

    assertThat(replay(points)).extracting(SeriesReplay.Detection::index).contains(at);
  }

  /** Peaks of 100 % every hour are ordinary; the level between them held at 63 % is not. */
  @Test
  void shouldOpenOnceOnAShiftBeneathOrdinaryPeaks() {
    List<SeriesPoint> points = new ArrayList<>();
    Random r = new Random(6);
    int shift = 10 * 288 + 50;
    for (int i = 0; i < TWO_WEEKS; i++) {
      double base = i >= shift ? 63 : 31;
      double v = i % 12 == 1 ? 100 : i % 12 == 0 ? 45 : base;
      points.add(new SeriesPoint(T0 + i * FIVE_MIN, v + r.nextGaussian(), "t" + i));
    }

    assertThat(replay(points))
        .filteredOn(d -> d.index() >= 288)
        .extracting(SeriesReplay.Detection::index)
        .hasSize(1)
        .allMatch(i -> i >= shift && i < shift + 3);
  }
}
