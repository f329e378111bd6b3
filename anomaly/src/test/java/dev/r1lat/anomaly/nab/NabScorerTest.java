package dev.r1lat.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {
  private static final long FIVE_MIN = 300_000;
  private final NabScorer scorer = new NabScorer(NabScorer.STANDARD);
  // 1000 rows; probation is the first 150; one window over rows 500..599
  private final long[] rows = timestamps(1000);
  private final List<NabWindow> window = List.of(new NabWindow(rows[500], rows[599]));

  private static long[] timestamps(int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_400_000_000_000L + i * FIVE_MIN;
    }
    return t;
  }

  private static boolean[] flags(int n, int... at) {
    boolean[] f = new boolean[n];
    for (int i : at) {
      f[i] = true;
    }
    return f;
  }

  @Test
  void shouldScoreZeroForTheNullDetectorAndHundredForTheLeftEdge() {
    assertThat(scorer.score(rows, flags(1000), window).normalized()).isEqualTo(0.0);
    assertThat(scorer.score(rows, flags(1000, 500), window).normalized())
        .isCloseTo(100.0, within(1e-9));
  }

  @Test
  void shouldRewardEarlierDetectionsMoreAndCountOnlyTheBestInAWindow() {
    double early = scorer.score(rows, flags(1000, 520), window).score();
    double late = scorer.score(rows, flags(1000, 580), window).score();
    double both = scorer.score(rows, flags(1000, 520, 580), window).score();

    assertThat(early).isGreaterThan(late);
    assertThat(both).isEqualTo(early);
    // halfway through the window: 2*sigmoid(2.5)-1 = 0.848, scaled by the left-edge maximum
    double half = scorer.score(rows, flags(1000, 550), window).score();
    assertThat(half).isCloseTo(0.84828 / 0.98661, within(0.01));
  }

  @Test
  void shouldChargeFalsePositivesButNotDuringProbation() {
    NabScorer.FileScore probation = scorer.score(rows, flags(1000, 100), window);
    NabScorer.FileScore beforeWindow = scorer.score(rows, flags(1000, 300), window);
    NabScorer.FileScore rightAfter = scorer.score(rows, flags(1000, 605), window);

    assertThat(probation.falsePositives()).isZero();
    assertThat(probation.score()).isEqualTo(-1.0);
    assertThat(beforeWindow.score()).isCloseTo(-1.0 - 0.11, within(1e-9));
    // just after a window a false positive costs less than a far one
    assertThat(rightAfter.score()).isGreaterThan(beforeWindow.score()).isLessThan(-1.0);
  }
}
