package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static dev.r1lat.streams.TopologyHarness.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.sketch.LatencySketches;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTopologyTest {
  private static final long GRACE = 30_000;
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};

  @TempDir Path state;

  private TopologyHarness harness() {
    return new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state);
  }

  @Test
  void shouldEmitNothingBeforeWindowEndPlusGraceThenExactlyOneFinalRecord() {
    try (TopologyHarness h = harness()) {
      h.send(request().at(T0 + 1_000).ttftMs(400));
      h.send(request().at(T0 + 59_999).ttftMs(600));
      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE - 1);
      assertThat(h.drainStats()).isEmpty();

      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE);
      List<LatencyWindowStats> out = h.drainStats();
      List<LatencyWindowStats> ttft = of(out, "eu-west", "H100", "ttft");
      assertThat(ttft).hasSize(1);
      LatencyWindowStats s = ttft.get(0);
      assertThat(s.getWindowStartMs()).isEqualTo(T0);
      assertThat(s.getWindowEndMs()).isEqualTo(T0 + ONE_MINUTE);
      assertThat(s.getCount()).isEqualTo(2);
      assertThat(s.getMax()).isEqualTo(600);
      assertThat(s.getMean()).isEqualTo(500);

      h.advanceEventTimeTo(T0 + 2 * ONE_MINUTE + GRACE - 1);
      assertThat(of(h.drainStats(), "eu-west", "H100", "ttft")).as("never re-emitted").isEmpty();
    }
  }

  @Test
  void shouldPutAnEventAtTheWindowEndIntoTheNextWindow() {
    try (TopologyHarness h = harness()) {
      h.send(request().at(T0 + ONE_MINUTE - 1).ttftMs(1));
      h.send(request().at(T0 + ONE_MINUTE).ttftMs(2));
      h.advanceEventTimeTo(T0 + 3 * ONE_MINUTE);
      List<LatencyWindowStats> ttft = of(h.drainStats(), "eu-west", "H100", "ttft");
      assertThat(ttft)
          .extracting(LatencyWindowStats::getWindowStartMs)
          .containsExactly(T0, T0 + ONE_MINUTE);
      assertThat(ttft).extracting(LatencyWindowStats::getCount).containsExactly(1L, 1L);
    }
  }

  @Test
  void shouldCountLateEventsWithinGraceAndRouteLaterOnesToTheLateTopic() {
    try (TopologyHarness h = harness()) {
      h.send(request().at(T0 + 10_000).ttftMs(100));
      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE - 1_000); // window still open
      h.send(request().at(T0 + 20_000).ttftMs(200)); // late but within grace: counts
      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE); // closes the window
      h.send(request().at(T0 + 30_000).ttftMs(300)); // after close: late topic

      List<LatencyWindowStats> ttft = of(h.drainStats(), "eu-west", "H100", "ttft");
      assertThat(ttft).hasSize(1);
      assertThat(ttft.get(0).getCount()).isEqualTo(2);
      var late = h.late.readRecordsToList();
      assertThat(late).hasSize(1);
      assertThat(new String(late.get(0).headers().lastHeader("r1lat.reason").value()))
          .contains("closed");
      assertThat(h.metrics.count("r1lat_records_late_total")).isEqualTo(1);
    }
  }

  @Test
  void shouldRollUpEveryLevelByMergingSketches() {
    try (TopologyHarness h = harness()) {
      DDSketch all = LatencySketches.create();
      double v = 100;
      for (String region : new String[] {"eu-west", "us-east"}) {
        for (String tier : new String[] {"H100", "A100"}) {
          for (int i = 0; i < 25; i++) {
            v *= 1.07;
            h.send(request().region(region).tier(tier).at(T0 + i * 1000).ttftMs(v));
            all.accept(v);
          }
        }
      }
      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE);
      List<LatencyWindowStats> out = h.drainStats();
      assertThat(of(out, "eu-west", "H100", "ttft").get(0).getCount()).isEqualTo(25);
      assertThat(of(out, "eu-west", "*", "ttft").get(0).getCount()).isEqualTo(50);
      assertThat(of(out, "*", "A100", "ttft").get(0).getCount()).isEqualTo(50);
      LatencyWindowStats total = of(out, "*", "*", "ttft").get(0);
      assertThat(total.getCount()).isEqualTo(100);
      assertThat(total.getP99()).isEqualTo(all.getValueAtQuantile(0.99));
      assertThat(total.getP50()).isEqualTo(all.getValueAtQuantile(0.5));
      DDSketch carried = LatencySketches.decode(total.getSketch().array());
      assertThat(carried.getCount()).isEqualTo(100);
    }
  }

  @Test
  void shouldReportEveryComponent() {
    try (TopologyHarness h = harness()) {
      h.send(
          request()
              .at(T0)
              .all(10)
              .decodeMs(200)
              .tokens(80, 21)
              .network(30, 12)
              .status(RequestStatus.TIMEOUT));
      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE);
      List<LatencyWindowStats> out = h.drainStats();
      for (Component c : Component.all()) {
        assertThat(of(out, "eu-west", "H100", c.id())).as(c.id()).hasSize(1);
      }
      // a timed-out request: counted, its values in the failed sketch, none in the OK one
      LatencyWindowStats tpot = of(out, "eu-west", "H100", "tpot").get(0);
      assertThat(failedMax(tpot)).isCloseTo(200.0 / 100, within(0.02));
      assertThat(tpot.getMax()).isNaN();
      assertThat(failedMax(of(out, "eu-west", "H100", "network").get(0)))
          .isCloseTo(42, within(0.5));
      LatencyWindowStats e2e = of(out, "eu-west", "H100", "e2e").get(0);
      assertThat(e2e.getErrorCount()).isEqualTo(1);
      assertThat(e2e.getTimeoutCount()).isEqualTo(1);
      assertThat(e2e.getOkCount()).isZero();
    }
  }

  @Test
  void shouldLeaveOutComponentsAServerDidNotMeasure() {
    try (TopologyHarness h = harness()) {
      h.send(request().at(T0).ttftMs(5));
      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE);
      List<LatencyWindowStats> out = h.drainStats();
      assertThat(of(out, "eu-west", "H100", "ttfo")).isEmpty();
      assertThat(of(out, "eu-west", "H100", "e2e")).hasSize(1);
    }
  }

  @Test
  void shouldCountOverSloForGoodput() {
    try (TopologyHarness h = harness()) {
      h.send(request().at(T0).ttftMs(1_000));
      h.send(request().at(T0).ttftMs(3_500)); // default H100 ttft SLO is 3 s
      h.advanceEventTimeTo(T0 + ONE_MINUTE + GRACE);
      LatencyWindowStats s = of(h.drainStats(), "eu-west", "H100", "ttft").get(0);
      assertThat(s.getSloThresholdMs()).isEqualTo(3_000);
      assertThat(s.getOverSloCount()).isEqualTo(1);
    }
  }

  private static double failedMax(LatencyWindowStats s) {
    return LatencySketches.decode(s.getFailedSketch().array()).getMaxValue();
  }
}
