package dev.r1lat.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignificanceTest {
  @Test
  void shouldGivePoissonTailsOfSmallAndLargeCounts() {
    // P(X >= 5 | 1.2) = 1 - e^-1.2 (1 + 1.2 + 0.72 + 0.288 + 0.0864)
    assertThat(Significance.upperTail(5, 1.2)).isCloseTo(0.00775, within(1e-5));
    assertThat(Significance.lowerTail(0, 20)).isCloseTo(Math.exp(-20), within(1e-12));
    assertThat(Significance.upperTail(0, 3)).isEqualTo(1);
    // far in the tail of a large count: no underflow, no NaN
    assertThat(Significance.upperTail(6_000, 5_000)).isBetween(0.0, 1e-40);
    assertThat(Significance.lowerTail(5_000, 5_000)).isBetween(0.5, 0.51);
  }

  @Test
  void shouldMatchTheNormalTailOfAZScore() {
    assertThat(Significance.normalTail(3)).isCloseTo(0.00135, within(1e-5));
    assertThat(Significance.normalTail(0)).isCloseTo(0.5, within(1e-7));
    assertThat(Significance.normalTail(-2)).isCloseTo(0.97725, within(1e-5));
  }

  @Test
  void shouldFindTheBinomialCountThatChanceRarelyReaches() {
    // 34 requests, 1 % above the true p99: P(X >= 3) = 0.0045, P(X >= 4) = 0.00035
    assertThat(Significance.binomialUpperCritical(34, 0.01, 0.00135)).isEqualTo(4);
    // half of 1,000 above the median: about 500 + 3 standard deviations (15.8)
    assertThat(Significance.binomialUpperCritical(1_000, 0.5, 0.00135)).isBetween(545L, 550L);
    // 5 requests can never show a 99th percentile with that confidence
    assertThat(Significance.binomialUpperCritical(5, 0.99, 0.00135)).isEqualTo(6);
  }

  @Test
  void shouldGiveTheCountOfTheFullSumForEverySizePercentileAndConfidence() {
    long[] sizes = {1, 2, 5, 34, 100, 999, 12_345, 200_000};
    double[] ps = {0.001, 0.01, 0.05, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999};
    double[] alphas = {0.00135, 0.05, 1e-6, Significance.normalTail(2.5)};
    for (long n : sizes) {
      for (double p : ps) {
        for (double alpha : alphas) {
          assertThat(Significance.binomialUpperCritical(n, p, alpha))
              .as("n=%d p=%s alpha=%s", n, p, alpha)
              .isEqualTo(fullSum(n, p, alpha));
        }
      }
    }
  }

  @Test
  void shouldStartTheSumNearTheCriticalCountNotAtN() {
    double logAlpha = Math.log(0.00135);
    // a million requests, 1 % above the p99: the critical count is about 10,000 + 3 sigma (~300)
    long start = Significance.negligibleAbove(1_000_000, 0.01, logAlpha);
    assertThat(start).isBetween(10_300L, 12_000L);
    // and the tail it leaves out is negligible next to alpha (exact log-space sum from n)
    long n = 20_000;
    long from = Significance.negligibleAbove(n, 0.01, logAlpha);
    assertThat(from).isLessThan(n / 10);
    assertThat(logTailAbove(n, 0.01, from)).isLessThan(logAlpha - 30);
  }

  @Test
  void shouldComputeLogFactorialsAcrossTheTableAndTheSeries() {
    double sum = 0;
    for (int m = 1; m <= 5_000; m++) {
      sum += Math.log(m);
      assertThat(Significance.logFactorial(m)).as("ln %d!", m).isCloseTo(sum, within(1e-9 * sum));
    }
  }

  /** The earlier algorithm, kept as the reference: every term summed from k = n down. */
  private static long fullSum(long n, double p, double alpha) {
    if (n <= 0 || !(p > 0)) {
      return 1;
    }
    if (p >= 1) {
      return n + 1;
    }
    double logRatio = Math.log((1 - p) / p);
    double logPmf = n * Math.log(p);
    double logSum = Double.NEGATIVE_INFINITY;
    double logAlpha = Math.log(alpha);
    for (long k = n; k >= 0; k--) {
      double next = logAdd(logSum, logPmf);
      if (next > logAlpha) {
        return k + 1;
      }
      logSum = next;
      if (k > 0) {
        logPmf += Math.log(k) - Math.log(n - k + 1) + logRatio;
      }
    }
    return 0;
  }

  /** log P(X > k), summed exactly from n down. */
  private static double logTailAbove(long n, double p, long k) {
    double logRatio = Math.log((1 - p) / p);
    double logPmf = n * Math.log(p);
    double logSum = Double.NEGATIVE_INFINITY;
    for (long j = n; j > k; j--) {
      logSum = logAdd(logSum, logPmf);
      logPmf += Math.log(j) - Math.log(n - j + 1) + logRatio;
    }
    return logSum;
  }

  private static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    double hi = Math.max(a, b);
    return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
  }
}
