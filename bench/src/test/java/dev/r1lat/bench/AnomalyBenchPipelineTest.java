package dev.r1lat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.Topics;
import dev.r1lat.streams.StreamsSettings;
import dev.r1lat.streams.TopologySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bench's pipeline: simulator events through the real topology in a test driver. */
class AnomalyBenchPipelineTest {
  // an error storm needs no warm-up beyond 100 baseline requests: a short run shows it
  private static final SimulatorConfig STORM =
      SimulatorConfig.builder()
          .seed(11)
          .rate(20)
          .start(Instant.parse("2026-01-05T12:00:00Z"))
          .duration(Duration.ofMinutes(30))
          .scenarios("error-storm")
          .build();

  private static final AnomalyBenchPipeline PIPELINE =
      new AnomalyBenchPipeline(
          TopologySettings.of(StreamsSettings.defaults(), Topics.defaults(), 1),
          new AnomalyEngine(DetectorConfig.defaults()));

  private static final List<LatencyWindowStats> stats = new ArrayList<>();
  private static AnomalyBenchPipeline.Output out;

  @BeforeAll
  static void runTheStorm() {
    out = PIPELINE.run(STORM, stats::add, n -> {});
  }

  @Test
  void shouldFindTheInjectedErrorStormThroughTheRealTopology() {
    List<LatencyAnomaly> storms =
        out.anomalies().stream()
            .filter(a -> a.getKind() == AnomalyKind.ERROR_SPIKE)
            .filter(a -> a.getState() == AnomalyState.OPEN)
            .filter(a -> a.getRegion().equals("us-east") && a.getTier().equals("L40S"))
            .toList();
    long faultStart = FleetSimulator.groundTruth(STORM).get(0).startMs();
    assertThat(storms).hasSize(1);
    assertThat(storms.get(0).getWindowStartMs()).isBetween(faultStart, faultStart + 3 * 60_000);
    assertThat(out.statsOut()).isEqualTo(stats.size());
  }

  @Test
  void shouldPublishEverySeriesInWindowOrderAndStopAtTheRunsEnd() {
    Map<String, Long> last = new HashMap<>();
    for (LatencyWindowStats s : stats) {
      String series = s.getRegion() + "/" + s.getTier() + "#" + s.getComponent();
      Long before = last.put(series, s.getWindowStartMs());
      assertThat(before == null || before < s.getWindowStartMs()).as(series).isTrue();
      assertThat(s.getWindowEndMs()).isLessThanOrEqualTo(STORM.endMs());
    }
    // every window of the run closed, the last one included, and nothing was rejected
    assertThat(last.get("*/*#e2e")).isEqualTo(STORM.endMs() - 60_000);
    assertThat(out.eventsIn()).isGreaterThan(STORM.expectedEvents() * 9 / 10);
    assertThat(out.dlq()).isZero();
  }

  @Test
  void shouldGiveTheSameAnomaliesForTheSameRun() {
    List<String> again = ids(PIPELINE.run(STORM, s -> {}, n -> {}));

    assertThat(again).isNotEmpty().isEqualTo(ids(out));
  }

  private static List<String> ids(AnomalyBenchPipeline.Output out) {
    return out.anomalies().stream().map(a -> a.getAnomalyId() + a.getState()).toList();
  }
}
