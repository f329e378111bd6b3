package dev.r1lat.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountSamplesTest {
  private static final long S = 1_000_000_000L;

  @Test
  void shouldMeasureTheSteadyStateFromTheFirstSampleAt20PercentToTheFirstAt90() {
    CountSamples samples = new CountSamples(1_000, 0, 0);
    samples.add(1 * S, 0, 1 * S); // group join: nothing yet
    samples.add(2 * S, 150, 2 * S);
    samples.add(3 * S, 250, 3 * S); // first at >= 200
    for (int i = 1; i <= 10; i++) {
      samples.add((3 + i) * S, 250 + 70 * i, (3 + i) * S); // 10 steps to 950, the first >= 900
    }
    samples.add(14 * S, 1_000, 14 * S);

    CountSamples.Rate steady = samples.steady();

    assertThat(steady.perSecond()).isCloseTo(700 / 10.0, within(1e-9));
    assertThat(steady.seconds()).isCloseTo(10.0, within(1e-9));
    // 10 CPU-s for 700 events
    assertThat(steady.cpuSecondsPerMillion()).isCloseTo(10.0 / 700 * 1e6, within(1e-6));
  }

  @Test
  void shouldHaveNoSteadyStateWhenTheCountTookTooFewStepsBetween20And90Percent() {
    CountSamples samples = new CountSamples(1_000, 0, 0);
    samples.add(1 * S, 250, 0);
    for (int i = 2; i <= 20; i++) {
      samples.add(i * S, i < 12 ? 600 : 950, 0); // polled often, but only two blocks landed
    }

    assertThat(samples.steady()).isNull();
  }

  @Test
  void shouldMeasureTheWholeRunFromStartToTheFirstSampleAtN() {
    CountSamples samples = new CountSamples(1_000, 10 * S, 3 * S);
    assertThat(samples.add(12 * S, 400, 4 * S)).isFalse();
    assertThat(samples.add(14 * S, 1_000, 5 * S)).isTrue();
    samples.add(15 * S, 1_000, 9 * S); // after N: not counted

    CountSamples.Rate whole = samples.whole();

    assertThat(whole.perSecond()).isCloseTo(1_000 / 4.0, within(1e-9));
    assertThat(whole.cpuSecondsPerMillion()).isCloseTo(2.0 / 1_000 * 1e6, within(1e-6));
  }

  @Test
  void shouldHaveNoRateBeforeItsWindowWasReached() {
    CountSamples samples = new CountSamples(1_000, 0, 0);
    samples.add(S, 500, 0);

    assertThat(samples.steady()).isNull();
    assertThat(samples.whole()).isNull();
    assertThat(samples.last()).isEqualTo(500);
  }

  @Test
  void shouldReportNoCpuWhenTheProcessCpuIsUnknown() {
    CountSamples samples = new CountSamples(100, 0, -1);
    samples.add(S, 100, -1);

    assertThat(samples.whole().perSecond()).isCloseTo(100, within(1e-9));
    assertThat(samples.whole().cpuSecondsPerMillion()).isNaN();
  }
}
