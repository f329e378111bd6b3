package dev.r1lat.anomaly;

import static dev.r1lat.anomaly.Feed.EU_H100_E2E;
import static dev.r1lat.anomaly.Feed.EU_H100_TTFT;
import static dev.r1lat.anomaly.SyntheticSeries.DAY;
import static dev.r1lat.anomaly.SyntheticSeries.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final SyntheticSeries series = SyntheticSeries.healthy(7);

  private List<LatencyAnomaly> p99Regression(Feed feed) {
    return feed.of(AnomalyKind.BASELINE_REGRESSION).stream()
        .filter(e -> e.getMetric().equals("p99"))
        .toList();
  }

  @Test
  void shouldOpenOnceUpdateAtMostEveryFiveMinutesAndResolveWithTheSameId() {
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(22, t -> series.window(t, 3, 1, series.errorRate))
            .minutes(10, series::healthyWindow);

    List<LatencyAnomaly> events = p99Regression(feed);
    assertThat(events.get(0).getState()).isEqualTo(AnomalyState.OPEN);
    assertThat(events.get(events.size() - 1).getState()).isEqualTo(AnomalyState.RESOLVED);
    assertThat(events.subList(1, events.size() - 1))
        .extracting(LatencyAnomaly::getState)
        .containsOnly(AnomalyState.UPDATE)
        .hasSizeBetween(3, 4);
    assertThat(events)
        .extracting(LatencyAnomaly::getAnomalyId)
        .containsOnly(events.get(0).getAnomalyId());
    for (int i = 1; i < events.size() - 1; i++) {
      assertThat(events.get(i).getWindowStartMs() - events.get(i - 1).getWindowStartMs())
          .isGreaterThanOrEqualTo(5 * MINUTE);
    }
    assertThat(events.get(events.size() - 1).getReason()).startsWith("resolved after 2");
  }

  @Test
  void shouldNotOpenOnOneModerateBadWindowButOnTwoOutOfThree() {
    series.logNoise = 0.04; // +35% is then about 7.5 robust sigmas: bad, not extreme
    Feed once =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(1, t -> series.exactWindow(t, 1.35))
            .minutes(10, series::healthyWindow);
    assertThat(p99Regression(once)).isEmpty();

    Feed twice =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(1, t -> series.exactWindow(t, 1.35))
            .minutes(1, series::healthyWindow)
            .minutes(1, t -> series.exactWindow(t, 1.35))
            .minutes(10, series::healthyWindow);
    assertThat(p99Regression(twice))
        .extracting(LatencyAnomaly::getState)
        .containsExactly(AnomalyState.OPEN, AnomalyState.RESOLVED);
  }

  @Test
  void shouldOpenAtOnceOnAnExtremeWindow() {
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(1, t -> series.window(t, 10, 1, 0));

    assertThat(p99Regression(feed))
        .extracting(LatencyAnomaly::getState)
        .containsExactly(AnomalyState.OPEN);
  }

  @Test
  void shouldNotSpamWhileASeriesFlaps() {
    Feed feed = Feed.of(EU_H100_TTFT).minutes(180, series::healthyWindow);
    for (int i = 0; i < 30; i++) {
      feed.minutes(1, t -> series.window(t, 3, 1, 0)).minutes(1, series::healthyWindow);
    }
    feed.minutes(10, series::healthyWindow);

    List<LatencyAnomaly> events = p99Regression(feed);
    assertThat(events).filteredOn(e -> e.getState() == AnomalyState.OPEN).hasSize(1);
    assertThat(events).filteredOn(e -> e.getState() == AnomalyState.RESOLVED).hasSize(1);
    assertThat(events.size()).isLessThanOrEqualTo(2 + 60 / 5);
  }

  @Test
  void shouldGiveTheSameEventsOnTheSameInput() {
    Feed a =
        Feed.of(EU_H100_TTFT)
            .minutes(180, SyntheticSeries.healthy(3)::healthyWindow)
            .minutes(20, t -> series.window(t, 3, 1, 0));
    SyntheticSeries same = SyntheticSeries.healthy(7);
    Feed b =
        Feed.of(EU_H100_TTFT)
            .minutes(180, SyntheticSeries.healthy(3)::healthyWindow)
            .minutes(20, t -> same.window(t, 3, 1, 0));

    assertThat(a.events).isNotEmpty();
    assertThat(b.events)
        .extracting(LatencyAnomaly::getAnomalyId)
        .containsExactlyElementsOf(a.events.stream().map(LatencyAnomaly::getAnomalyId).toList());
  }

  @Test
  void shouldIgnoreAWindowFedTwice() {
    Feed feed = Feed.of(EU_H100_TTFT).minutes(10, series::healthyWindow);
    long windows = feed.state.windowsSeen();

    var again =
        feed.engine.onWindow(
            EU_H100_TTFT, series.window(feed.nextStartMs - MINUTE, 5, 1, 0), feed.state, 0);

    assertThat(again).isEmpty();
    assertThat(feed.state.windowsSeen()).isEqualTo(windows);
  }

  @Test
  void shouldStayQuietOnThreeFaultFreeDaysWithADailySwing() {
    SyntheticSeries daily = SyntheticSeries.healthy(11).withDailySwing(0.4);
    daily.logNoise = 0.12;
    daily.p99Ms = 800; // the healthy daily peak stays under the default 2 s TTFT SLO
    daily.withSlo(2000, 0.002);
    Feed ttft = Feed.of(EU_H100_TTFT).minutes(3 * DAY / MINUTE, daily::healthyWindow);
    Feed e2e = Feed.of(EU_H100_E2E).minutes(3 * DAY / MINUTE, daily::healthyWindow);

    assertThat(ttft.events).isEmpty();
    assertThat(e2e.events).isEmpty();
  }
}
