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
}
