package dev.r1lat.anomaly;

import static dev.r1lat.anomaly.Feed.EU_H100_E2E;
import static dev.r1lat.anomaly.Feed.EU_H100_TTFT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorKindsTest {
  private final SyntheticSeries series = SyntheticSeries.healthy(42);

  @Test
  void shouldRaiseBaselineRegressionWhenP99QuadruplesAfterWarmUp() {
    // 4x: clear of the CRITICAL line at 3x whatever the noise of the opening window
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(10, t -> series.window(t, 4.0, 1, series.errorRate));

    List<LatencyAnomaly> opened = feed.of(AnomalyKind.BASELINE_REGRESSION, AnomalyState.OPEN);
    assertThat(opened)
        .extracting(LatencyAnomaly::getMetric)
        .containsExactlyInAnyOrder("p50", "p99");
    LatencyAnomaly p99 =
        opened.stream().filter(e -> e.getMetric().equals("p99")).findFirst().orElseThrow();
    assertThat(p99.getWindowStartMs())
        .isLessThanOrEqualTo(SyntheticSeries.minutesAfter(SyntheticSeries.T0, 181));
    assertThat(p99.getObserved() / p99.getBaseline()).isBetween(3.2, 5.0);
    assertThat(p99.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(p99.getReason())
        .matches(
            "ttft p99 [0-9.]+ s vs baseline [0-9.]+ s \\(\\+\\d+%\\) in eu-west/H100 for \\d windows?");
  }

  @Test
  void shouldNotFireBaselineRegressionDuringWarmUp() {
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(20, series::healthyWindow)
            .minutes(10, t -> series.window(t, 3.0, 1, series.errorRate));

    assertThat(feed.of(AnomalyKind.BASELINE_REGRESSION)).isEmpty();
  }

  @Test
  void shouldIgnoreLatencyImprovements() {
    Feed feed =
        Feed.of(EU_H100_TTFT)
            .minutes(180, series::healthyWindow)
            .minutes(20, t -> series.window(t, 0.3, 1, series.errorRate));

    assertThat(feed.of(AnomalyKind.BASELINE_REGRESSION)).isEmpty();
  }

  @Test
  void shouldBreachSloAboveTheTierLimitOnly() {
    Settings settings =
        Settings.load(
            DetectorConfig.KEYS,
            null,
            Map.of(),
            Map.of(LatencySlos.TTFT.name(), "H100=1500,*=5000"));
    AnomalyEngine engine = new AnomalyEngine(DetectorConfig.from(settings));
    // 1.2 s normally, 2.0 s during the fault: above H100's 1.5 s, below the 5 s of other tiers
    Feed h100 = new Feed(engine, EU_H100_TTFT).minutes(5, t -> series.window(t, 1.7, 1, 0));
    Feed a100 =
        new Feed(engine, SeriesKey.of("eu-west", "A100", "ttft"))
            .minutes(5, t -> series.window(t, 1.7, 1, 0));

    assertThat(h100.of(AnomalyKind.SLO_BREACH, AnomalyState.OPEN)).hasSize(1);
    assertThat(h100.of(AnomalyKind.SLO_BREACH).get(0).getReason()).contains("above SLO 1.5 s");
    assertThat(a100.of(AnomalyKind.SLO_BREACH)).isEmpty();
  }

  @Test
  void shouldJudgeTheSloAtThePercentileItsTargetNames() {
    SeriesKey tpot = SeriesKey.of("eu-west", "H100", "tpot");
    // p95 ~660 ms, p99 ~1.2 s against a 900 ms per-request SLO: 99 % of requests miss it, 95 % not
    Feed at99 =
        new Feed(engine(Map.of(LatencySlos.TPOT.name(), "H100=900")), tpot)
            .minutes(5, t -> series.window(t, 1, 1, 0));
    Feed at95 =
        new Feed(engine(Map.of(LatencySlos.TPOT.name(), "H100=900", "slo.target", "0.95")), tpot)
            .minutes(5, t -> series.window(t, 1, 1, 0));

    assertThat(at99.of(AnomalyKind.SLO_BREACH, AnomalyState.OPEN))
        .extracting(LatencyAnomaly::getMetric)
        .containsExactly("p99");
    assertThat(at95.of(AnomalyKind.SLO_BREACH)).isEmpty();
  }

  private static AnomalyEngine engine(Map<String, String> flags) {
    return new AnomalyEngine(
        DetectorConfig.from(Settings.load(DetectorConfig.KEYS, null, Map.of(), flags)));
  }

  @Test
  void shouldRaiseErrorSpikeOnTheCountComponentOnly() {
    Feed e2e =
        Feed.of(EU_H100_E2E)
            .minutes(120, series::healthyWindow)
            .minutes(5, t -> series.window(t, 1, 1, 0.2));
    Feed ttft =
        Feed.of(EU_H100_TTFT)
            .minutes(120, series::healthyWindow)
            .minutes(5, t -> series.window(t, 1, 1, 0.2));

    List<LatencyAnomaly> opened = e2e.of(AnomalyKind.ERROR_SPIKE, AnomalyState.OPEN);
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).getObserved()).isBetween(0.15, 0.25);
    assertThat(opened.get(0).getBaseline()).isBetween(0.0, 0.01);
    assertThat(opened.get(0).getReason()).startsWith("error rate ").contains("in eu-west/H100");
    assertThat(ttft.of(AnomalyKind.ERROR_SPIKE)).isEmpty();
  }

  @Test
  void shouldRaiseTrafficDropWhenAGroupGoesSilentAndResolveWhenItReturns() {
    Feed feed =
        Feed.of(EU_H100_E2E)
            .minutes(120, series::healthyWindow)
            .silentMinutes(10)
            .minutes(10, series::healthyWindow);

    assertThat(feed.of(AnomalyKind.TRAFFIC_DROP))
        .extracting(LatencyAnomaly::getState)
        .containsExactly(AnomalyState.OPEN, AnomalyState.UPDATE, AnomalyState.RESOLVED);
    assertThat(feed.of(AnomalyKind.TRAFFIC_DROP).get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void shouldRaiseTrafficDropWhenTrafficFallsSharply() {
    Feed feed =
        Feed.of(EU_H100_E2E)
            .minutes(120, series::healthyWindow)
            .minutes(10, t -> series.window(t, 1, 0.1, series.errorRate));

    assertThat(feed.of(AnomalyKind.TRAFFIC_DROP, AnomalyState.OPEN)).hasSize(1);
    assertThat(feed.of(AnomalyKind.TRAFFIC_DROP).get(0).getSeverity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void shouldPageOnAFastBurnAndNotOnAHealthyBudget() {
    series.withSlo(2000, 0.002);
    Feed feed = Feed.of(EU_H100_TTFT).minutes(360, series::healthyWindow);
    assertThat(feed.of(AnomalyKind.BURN_RATE)).isEmpty();

    series.withSlo(2000, 0.5); // half the requests over the SLO: 50x burn for a 99% target
    feed.minutes(30, series::healthyWindow);

    List<LatencyAnomaly> opened = feed.of(AnomalyKind.BURN_RATE, AnomalyState.OPEN);
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
    // 50x over 5 min at once; 1 h reaches 14.4x after about 18 of 60 minutes
    long faultStart = SyntheticSeries.minutesAfter(SyntheticSeries.T0, 360);
    long minutesIn = (opened.get(0).getWindowStartMs() - faultStart) / SyntheticSeries.MINUTE;
    assertThat(minutesIn).isBetween(15L, 20L);
  }

  @Test
  void shouldTicketOnASlowBurnOverSixHours() {
    series.withSlo(2000, 0.08); // 8x burn: below the page rate, above the ticket rate
    Feed feed = Feed.of(EU_H100_TTFT).minutes(8 * 60, series::healthyWindow);

    List<LatencyAnomaly> opened = feed.of(AnomalyKind.BURN_RATE, AnomalyState.OPEN);
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(opened.get(0).getReason()).contains("over 6 h and");
    // a burn rate is judged only over a fully observed window: not before six hours of data
    assertThat(opened.get(0).getWindowStartMs())
        .isGreaterThanOrEqualTo(SyntheticSeries.minutesAfter(SyntheticSeries.T0, 359));
  }
}
