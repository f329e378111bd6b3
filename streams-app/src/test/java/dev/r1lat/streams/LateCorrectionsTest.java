package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.anomaly.SeriesKey;
import dev.r1lat.schema.LatencyWindowStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late events (their window closed before they arrived) become correction rows: revision >= 1,
 * holding only late events, at every group level, batched per correction interval, a retry counted
 * once, beyond the horizon quarantined, never seen by the detector.
 */
class LateCorrectionsTest {
  private static final long GRACE = 30_000;
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final long HORIZON = Duration.ofHours(1).toMillis();
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};

  @TempDir Path state;

  private TopologyHarness harness() {
    TopologySettings d = TopologyHarness.settings();
    TopologySettings cfg =
        new TopologySettings(
            d.topics(),
            d.inputPartitions(),
            d.windowMs(),
            d.graceMs(),
            d.idleAdvanceMs(),
            d.eventTimeAllowanceMs(),
            d.timingRules(),
            d.groupByModel(),
            d.limits(),
            d.slo(),
            new LateCorrectionSettings(INTERVAL.toMillis(), HORIZON));
    return new TopologyHarness(cfg, NO_REPLAY, state);
  }

  /** One on-time event in window T0, then the window closes; its first emission is drained. */
  private static void closeWindowT0(TopologyHarness h) {
    h.send(request().at(T0 + 10_000).e2eMs(1_000));
    h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE);
    assertThat(e2e(h.drainStats(), 0)).as("first emission").hasSize(4);
  }

  private static List<LatencyWindowStats> e2e(List<LatencyWindowStats> all, int revision) {
    return all.stream()
        .filter(s -> s.getComponent().equals("e2e") && s.getRevision() == revision)
        .filter(s -> !s.getTier().equals("TICK") && !s.getRegion().equals("zz-tick"))
        .collect(Collectors.toList());
  }

  @Test
  void shouldFoldALateEventIntoARevisionOneRowAtEveryGroupLevel() {
    try (TopologyHarness h = harness()) {
      closeWindowT0(h);
      h.send(request().at(T0 + 20_000).e2eMs(2_000));
      assertThat(h.late.readRecordsToList()).as("still on the late topic").hasSize(1);

      h.idle(INTERVAL);
      List<LatencyWindowStats> rows = e2e(h.drainStats(), 1);

      assertThat(rows)
          .extracting(s -> s.getRegion() + "|" + s.getTier())
          .containsExactlyInAnyOrder("eu-west|H100", "eu-west|*", "*|H100", "*|*");
      assertThat(rows).allSatisfy(s -> assertThat(s.getCount()).isEqualTo(1));
      assertThat(rows).allSatisfy(s -> assertThat(s.getWindowStartMs()).isEqualTo(T0));
      assertThat(rows).allSatisfy(s -> assertThat(s.getMax()).isEqualTo(2_000));
      assertThat(h.metrics.count("r1lat_late_folded_total")).isEqualTo(1);
    }
  }

  @Test
  void shouldEmitOneRowPerWindowAndIntervalThenANextRevision() {
    try (TopologyHarness h = harness()) {
      closeWindowT0(h);
      h.send(request().at(T0 + 20_000).e2eMs(2_000));
      h.send(request().at(T0 + 30_000).e2eMs(3_000));
      h.idle(INTERVAL);
      List<LatencyWindowStats> first = e2e(h.drainStats(), 1);
      assertThat(first).hasSize(4).allSatisfy(s -> assertThat(s.getCount()).isEqualTo(2));

      h.send(request().at(T0 + 40_000).e2eMs(4_000));
      h.idle(INTERVAL);
      List<LatencyWindowStats> out = h.drainStats();
      assertThat(e2e(out, 1)).as("revision 1 is never re-emitted").isEmpty();
      assertThat(e2e(out, 2)).hasSize(4).allSatisfy(s -> assertThat(s.getCount()).isEqualTo(1));

      h.idle(INTERVAL);
      assertThat(e2e(h.drainStats(), 3)).as("nothing pending, nothing emitted").isEmpty();
    }
  }

  @Test
  void shouldCountARetriedLateEventOnceWithinAndAcrossIntervals() {
    try (TopologyHarness h = harness()) {
      closeWindowT0(h);
      Timings.Builder retried = request().at(T0 + 20_000).e2eMs(2_000);
      h.send(retried);
      h.send(retried);
      h.idle(INTERVAL);
      assertThat(e2e(h.drainStats(), 1)).allSatisfy(s -> assertThat(s.getCount()).isEqualTo(1));

      h.send(retried);
      h.idle(INTERVAL);
      assertThat(e2e(h.drainStats(), 2)).as("a retry after the correction").isEmpty();
      assertThat(h.metrics.count("r1lat_late_folded_total")).isEqualTo(1);
      assertThat(h.metrics.count("r1lat_duplicates_total")).isEqualTo(2);
    }
  }

  @Test
  void shouldQuarantineALateEventBeyondTheHorizonWithTheReason() {
    try (TopologyHarness h = harness()) {
      closeWindowT0(h);
      long appendedAt = T0 + ONE_MINUTE + HORIZON + 1; // window end is more than the horizon ago
      h.send(request().at(T0 + 20_000).e2eMs(2_000), appendedAt);
      h.idle(INTERVAL);

      assertThat(e2e(h.drainStats(), 1)).isEmpty();
      List<TestRecord<byte[], byte[]>> q = h.quarantine.readRecordsToList();
      assertThat(q).hasSize(1);
      String reason =
          new String(q.get(0).headers().lastHeader("r1lat.reason").value(), StandardCharsets.UTF_8);
      assertThat(reason).startsWith("beyond_correction_horizon: window ending " + (T0 + 60_000));
      assertThat(h.metrics.count("r1lat_late_beyond_horizon_total")).isEqualTo(1);
      assertThat(h.metrics.count("r1lat_late_folded_total")).isZero();
    }
  }

  @Test
  void shouldForgetRetriesOfWindowsBeyondTheHorizonAndQuarantineThem() {
    try (TopologyHarness h = harness()) {
      closeWindowT0(h);
      Timings.Builder retried = request().at(T0 + 20_000).e2eMs(2_000);
      h.send(retried);
      h.idle(INTERVAL);
      assertThat(e2e(h.drainStats(), 1)).hasSize(4);
      h.send(request().at(T0 + 20_000).e2eMs(2_000), T0 + ONE_MINUTE + HORIZON + 1);
      h.idle(INTERVAL); // forgets window T0

      h.send(retried); // its own timestamp is within the horizon, the window is not
      h.idle(INTERVAL);
      assertThat(e2e(h.drainStats(), 2)).as("never counted twice").isEmpty();
      assertThat(h.quarantine.readRecordsToList()).hasSize(2);
    }
  }

  @Test
  void shouldNotFeedCorrectionsToTheDetector() {
    try (TopologyHarness h = harness()) {
      TestInputTopic<String, LatencyWindowStats> stats =
          h.driver.createInputTopic(
              TopologyHarness.TOPICS.latencyStats1m().name(),
              Serdes.String().serializer(),
              TopologyHarness.TOPICS.latencyStats1m().valueSerde().serializer());
      KeyValueStore<String, byte[]> detectors =
          h.driver.getKeyValueStore(AnomalyDetection.STATE_STORE);
      LatencyWindowStats row = correctionRow(h);
      String state = SeriesKey.of(GroupKey.of(row), row.getComponent()).stateKey();

      stats.pipeInput(row.getRegion() + "|" + row.getTier(), row, T0 + ONE_MINUTE);
      assertThat(detectors.get(state)).as("a correction never reaches the detector").isNull();

      LatencyWindowStats first = LatencyWindowStats.newBuilder(row).setRevision(0).build();
      stats.pipeInput(row.getRegion() + "|" + row.getTier(), first, T0 + ONE_MINUTE);
      assertThat(detectors.get(state)).as("the same row as a first emission does").isNotNull();
    }
  }

  /** A real correction row of the topology, for a series the detector has not seen. */
  private static LatencyWindowStats correctionRow(TopologyHarness h) {
    h.send(request().region("us-east").tier("A100").at(T0 + 10_000).e2eMs(1_000));
    h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE);
    h.send(request().region("us-east").tier("A100").at(T0 + 20_000).e2eMs(2_000));
    h.idle(INTERVAL);
    return h.drainStats().stream()
        .filter(s -> s.getRevision() == 1 && s.getRegion().equals("us-east"))
        .filter(s -> s.getTier().equals("A100") && s.getComponent().equals("e2e"))
        .findFirst()
        .map(s -> LatencyWindowStats.newBuilder(s).setWindowStartMs(T0 + 100 * ONE_MINUTE))
        .map(b -> b.setWindowEndMs(T0 + 101 * ONE_MINUTE).setRegion("ap-south").build())
        .orElseThrow();
  }
}
