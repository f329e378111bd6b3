package dev.r1lat.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A latency that creeps up slowly: a rolling baseline follows it by half its length behind, so the
 * baseline's length sets the slowest creep it can see. Per-token time doubling over three hours is
 * found with the default four hours of history, not with two.
 */
class CreepTest {
  private static final SeriesKey TPOT = SeriesKey.of("eu-west", "H200", "tpot");

  private static Feed creep(AnomalyEngine engine) {
    SyntheticSeries series = SyntheticSeries.healthy(9);
    series.p50Ms = 20;
    series.p99Ms = 28;
    series.logNoise = 0.03;
    long start = SyntheticSeries.minutesAfter(SyntheticSeries.T0, 150);
    return new Feed(engine, TPOT)
        .minutes(150, series::healthyWindow)
        .minutes(
            180,
            t -> series.window(t, 1 + (t - start) / (180.0 * SyntheticSeries.MINUTE), 1, 0.005));
  }

  @Test
  void shouldFindADoublingOverThreeHoursWithTheDefaultHistory() {
    List<?> opened =
        creep(new AnomalyEngine(DetectorConfig.defaults()))
            .of(AnomalyKind.BASELINE_REGRESSION, AnomalyState.OPEN);

    assertThat(opened).isNotEmpty();
  }

  @Test
  void shouldMissItWithATwoHourHistoryThatFollowsTheCreep() {
    Settings twoHours =
        Settings.load(
            DetectorConfig.KEYS,
            null,
            Map.of(),
            Map.of(DetectorConfig.BASELINE_HISTORY.name(), "120"));

    assertThat(
            creep(new AnomalyEngine(DetectorConfig.from(twoHours)))
                .of(AnomalyKind.BASELINE_REGRESSION, AnomalyState.OPEN))
        .isEmpty();
  }
}
