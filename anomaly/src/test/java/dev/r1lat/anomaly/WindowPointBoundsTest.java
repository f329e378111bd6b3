package dev.r1lat.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowPointBoundsTest {
  private static final long T = SyntheticSeries.T0;

  private static double[] requests(int fast, double fastMs, int slow, double slowMs) {
    double[] v = new double[fast + slow];
    for (int i = 0; i < fast; i++) {
      v[i] = fastMs + i * 0.01;
    }
    for (int i = 0; i < slow; i++) {
      v[fast + i] = slowMs + i;
    }
    return v;
  }

  @Test
  void shouldNotBeSureOfAP99ThatTwoSlowRequestsOf34Make() {
    WindowPoint w = SampledWindows.of(T, requests(32, 70, 2, 500));

    assertThat(w.p99()).isGreaterThan(400); // the percentile itself lands among the two
    assertThat(w.lowerBound("p99", 3)).isLessThan(71); // but two of 34 happen by chance
  }

  @Test
  void shouldBeSureOfAP99WhenManyRequestsAreSlow() {
    WindowPoint w = SampledWindows.of(T, requests(900, 70, 100, 500));

    assertThat(w.lowerBound("p99", 3)).isGreaterThan(400);
    assertThat(w.upperBound("p99", 3)).isGreaterThanOrEqualTo(w.p99());
  }

  @Test
  void shouldKeepAMedianFlipBetweenModesInsideItsInterval() {
    // 51 % of requests waited ~300 ms, 49 % not at all: the p50 lands in the slow mode by 1 %
    WindowPoint w = SampledWindows.of(T, requests(98, 1, 102, 300));

    assertThat(w.p50()).isGreaterThan(250);
    assertThat(w.lowerBound("p50", 3)).isLessThan(2);
  }

  @Test
  void shouldBeThePercentileItselfWithoutADistribution() {
    WindowPoint w = new WindowPoint(T, T + 60_000, 30, 0, 0, Double.NaN, 5, 6, 7, 8, 9);

    assertThat(w.lowerBound("p99", 3)).isEqualTo(8);
    assertThat(w.upperBound("p50", 3)).isEqualTo(5);
    assertThat(w.lowerBound("p99", 0)).isEqualTo(8);
  }

  @Test
  void shouldBoundAP99OfFiveRequestsByTheSecondLargestAndTheLargest() {
    WindowPoint w = SampledWindows.of(T, 10, 20, 30, 40, 5_000);

    // two of five above the true p99 happens once in a thousand windows; one in twenty
    assertThat(w.lowerBound("p99", 3)).isEqualTo(40);
    assertThat(w.upperBound("p99", 3)).isEqualTo(5_000);
  }
}
