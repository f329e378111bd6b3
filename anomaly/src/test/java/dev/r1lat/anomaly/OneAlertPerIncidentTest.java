package dev.r1lat.anomaly;

import static dev.r1lat.anomaly.Feed.EU_H100_E2E;
import static dev.r1lat.anomaly.Feed.EU_H100_TTFT;
import static dev.r1lat.anomaly.SyntheticSeries.DAY;
import static dev.r1lat.anomaly.SyntheticSeries.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A sustained condition is one OPEN and one RESOLVED, whatever its length or the gaps in it. */
class OneAlertPerIncidentTest {

  private static Map<String, List<LatencyAnomaly>> bySlot(List<LatencyAnomaly> events) {
    return events.stream().collect(Collectors.groupingBy(e -> e.getKind() + ":" + e.getMetric()));
  }

  private static long count(List<LatencyAnomaly> events, AnomalyState state) {
    return events.stream().filter(e -> e.getState() == state).count();
  }

  @Test
  void shouldOpenOnceOnALevelShiftThatLastsAWeek() {
    SyntheticSeries series = SyntheticSeries.healthy(21).withDailySwing(0.2);
    series.p99Ms = 800; // doubled, the daily peak stays under the TTFT SLO: this is about baselines
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(6 * 60, series::healthyWindow)
            .minutes(7 * DAY / MINUTE, t -> series.window(t, 2, 1, series.errorRate));

    Map<String, List<LatencyAnomaly>> slots = bySlot(feed.events);
    assertThat(slots).isNotEmpty();
    slots.forEach(
        (slot, events) -> {
          assertThat(count(events, AnomalyState.OPEN)).as(slot).isEqualTo(1);
          // the shift becomes the new normal after one alert: one RESOLVED, the last event
          assertThat(count(events, AnomalyState.RESOLVED)).as(slot).isEqualTo(1);
          assertThat(events.get(events.size() - 1).getState()).isEqualTo(AnomalyState.RESOLVED);
          assertThat(events.get(0).getState()).as(slot).isEqualTo(AnomalyState.OPEN);
          assertThat(events)
              .extracting(LatencyAnomaly::getAnomalyId)
              .as(slot)
              .containsOnly(events.get(0).getAnomalyId());
        });
  }

  @Test
  void shouldNeitherResolveNorReopenAWeekLongShiftAcrossAFourHourTrafficGap() {
    SyntheticSeries series = SyntheticSeries.healthy(22).withDailySwing(0.2);
    series.p99Ms = 800;
    long gapFrom = SyntheticSeries.T0 + (6 * 60 + 2 * DAY / MINUTE) * MINUTE;
    long gapTo = gapFrom + 4 * 60 * MINUTE;
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(6 * 60, series::healthyWindow)
            .minutes(2 * DAY / MINUTE, t -> series.window(t, 2, 1, series.errorRate))
            .silentMinutes(4 * 60)
            .minutes(5 * DAY / MINUTE, t -> series.window(t, 2, 1, series.errorRate));

    Map<String, List<LatencyAnomaly>> slots = bySlot(feed.events);
    assertThat(slots).containsKey("BASELINE_REGRESSION:p99");
    slots.forEach(
        (slot, events) -> {
          assertThat(count(events, AnomalyState.OPEN)).as(slot).isEqualTo(1);
          // the shift becomes the new normal after one alert: one RESOLVED, the last event
          assertThat(count(events, AnomalyState.RESOLVED)).as(slot).isEqualTo(1);
          assertThat(events.get(events.size() - 1).getState()).isEqualTo(AnomalyState.RESOLVED);
          assertThat(events)
              .filteredOn(e -> e.getWindowStartMs() >= gapFrom && e.getWindowStartMs() < gapTo)
              .as(slot + ": nothing during the gap")
              .isEmpty();
          assertThat(events)
              .extracting(LatencyAnomaly::getAnomalyId)
              .as(slot)
              .containsOnly(events.get(0).getAnomalyId());
        });
  }

  @Test
  void shouldKeepOneIdAcrossAGapWithNoRequests() {
    SyntheticSeries series = SyntheticSeries.healthy(8);
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(10, t -> series.window(t, 3, 1, series.errorRate))
            .silentMinutes(15)
            .minutes(10, t -> series.window(t, 3, 1, series.errorRate));

    List<LatencyAnomaly> p99 = bySlot(feed.events).get("BASELINE_REGRESSION:p99");
    assertThat(p99).extracting(LatencyAnomaly::getState).doesNotContain(AnomalyState.RESOLVED);
    assertThat(count(p99, AnomalyState.OPEN)).isEqualTo(1);
    assertThat(p99)
        .extracting(LatencyAnomaly::getAnomalyId)
        .containsOnly(p99.get(0).getAnomalyId());
  }

  @Test
  void shouldNotResolveErrorsInAGapWithTooFewRequests() {
    SyntheticSeries series = SyntheticSeries.healthy(8);
    SyntheticSeries thin = SyntheticSeries.healthy(9);
    thin.requestsPerMinute = 3; // fewer than a spike's minimum errors: these windows can't tell
    Feed feed =
        Feed.of(EU_H100_E2E)
            .minutes(180, series::healthyWindow)
            .minutes(10, t -> series.window(t, 1, 1, 0.3))
            .minutes(15, t -> thin.window(t, 1, 1, 0))
            .minutes(10, t -> series.window(t, 1, 1, 0.3))
            .minutes(10, series::healthyWindow);

    List<LatencyAnomaly> errors = bySlot(feed.events).get("ERROR_SPIKE:error_rate");
    assertThat(errors)
        .extracting(LatencyAnomaly::getState)
        .startsWith(AnomalyState.OPEN)
        .endsWith(AnomalyState.RESOLVED)
        .containsOnlyOnce(AnomalyState.OPEN, AnomalyState.RESOLVED);
    assertThat(errors)
        .extracting(LatencyAnomaly::getAnomalyId)
        .containsOnly(errors.get(0).getAnomalyId());
  }

  @Test
  void shouldStillResolveWhenTrafficComesBackHealthy() {
    SyntheticSeries series = SyntheticSeries.healthy(8);
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(10, t -> series.window(t, 3, 1, series.errorRate))
            .silentMinutes(15)
            .minutes(10, series::healthyWindow);

    assertThat(bySlot(feed.events).get("BASELINE_REGRESSION:p99"))
        .extracting(LatencyAnomaly::getState)
        .startsWith(AnomalyState.OPEN)
        .endsWith(AnomalyState.RESOLVED);
  }

  @Test
  void shouldOpenAgainWhenAnEarlierIncidentComesBack() {
    SyntheticSeries series = SyntheticSeries.healthy(8);
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(240, series::healthyWindow)
            .minutes(20, t -> series.window(t, 3, 1, series.errorRate))
            .minutes(5 * 60, series::healthyWindow)
            .minutes(20, t -> series.window(t, 3, 1, series.errorRate));

    List<LatencyAnomaly> p99 = bySlot(feed.events).get("BASELINE_REGRESSION:p99");
    assertThat(count(p99, AnomalyState.OPEN)).isEqualTo(2);
  }
}
