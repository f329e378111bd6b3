package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static dev.r1lat.streams.TopologyHarness.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.anomaly.LatencySlos;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window's latency describes the requests that succeeded; failures are counted beside it, their
 * values kept in a second sketch; goodput counts requests that succeeded within every SLO of their
 * class.
 */
class SuccessOnlyStatsTest {
  private static final long CLOSE = T0 + ONE_MINUTE + 30_000;
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};

  @TempDir Path state;

  /** 90 OK requests of 1–1.9 s, 4 errors, 3 cancellations and 3 timeouts at the 600 s limit. */
  private List<Double> sendMixedWindow(TopologyHarness h, String region) {
    List<Double> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      RequestStatus status =
          i < 90
              ? RequestStatus.OK
              : i < 94
                  ? RequestStatus.ERROR
                  : i < 97 ? RequestStatus.CANCELLED : RequestStatus.TIMEOUT;
      double e2e = status == RequestStatus.TIMEOUT ? 600_000 : 1_000 + 10 * i;
      h.send(request().region(region).at(T0 + i).status(status).e2eMs(e2e));
      all.add(e2e);
    }
    return all;
  }

  @Test
  void shouldDescribeOkRequestsOnlyAndCountEachFailureKind() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      sendMixedWindow(h, "eu-west");
      h.advanceEventTimeTo(CLOSE);
      LatencyWindowStats e2e = of(h.drainStats(), "eu-west", "H100", "e2e").get(0);

      assertThat(e2e.getCount()).isEqualTo(100);
      assertThat(e2e.getOkCount()).isEqualTo(90);
      assertThat(e2e.getErrorCount()).isEqualTo(10);
      assertThat(e2e.getTimeoutCount()).isEqualTo(3);
      assertThat(e2e.getCancelledCount()).isEqualTo(3);
      // the timeouts do not pin the tail: p99 and max are those of the OK requests (<= 1.89 s)
      assertThat(e2e.getP99()).isLessThan(1_890 * 1.01);
      assertThat(e2e.getP999()).isLessThan(1_890 * 1.01);
      assertThat(e2e.getMax()).isEqualTo(1_890);
      assertThat(e2e.getMean()).isEqualTo(1_445);
      assertThat(sketch(e2e.getSketch()).getCount()).isEqualTo(90);
      assertThat(sketch(e2e.getFailedSketch()).getCount()).isEqualTo(10);
    }
  }

  @Test
  void shouldGiveTheAllRequestDistributionExactlyWhenBothSketchesMerge() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      List<Double> all = new ArrayList<>(sendMixedWindow(h, "eu-west"));
      all.addAll(sendMixedWindow(h, "us-east"));
      h.advanceEventTimeTo(CLOSE);
      List<LatencyWindowStats> out = h.drainStats();

      DDSketch expected = LatencySketches.create();
      all.forEach(expected::accept);
      LatencyWindowStats rolled = of(out, "*", "H100", "e2e").get(0);
      DDSketch merged = sketch(rolled.getSketch());
      merged.mergeWith(sketch(rolled.getFailedSketch()));

      assertThat(rolled.getCount()).isEqualTo(200);
      assertThat(rolled.getOkCount()).isEqualTo(180);
      assertThat(rolled.getTimeoutCount()).isEqualTo(6);
      assertThat(rolled.getCancelledCount()).isEqualTo(6);
      assertThat(buckets(merged)).isEqualTo(buckets(expected));
      assertThat(merged.getValueAtQuantile(0.99)).isGreaterThan(590_000); // all-request p99
    }
  }

  @Test
  void shouldLeaveTheFailedSketchEmptyWhenEveryRequestSucceeded() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      h.send(request().at(T0).e2eMs(1_000));
      h.advanceEventTimeTo(CLOSE);
      LatencyWindowStats e2e = of(h.drainStats(), "eu-west", "H100", "e2e").get(0);
      assertThat(e2e.getFailedSketch().remaining()).isZero();
      assertThat(e2e.getOkCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldCountGoodRequestsAgainstTheSlosOfTheirTier() {
    LatencySlos slos = LatencySlos.of(Map.of("ttft", "H100=1500,*=5000", "tpot", "*=100"), 0.99);
    try (TopologyHarness h = new TopologyHarness(withSlos(slos), NO_REPLAY, state)) {
      h.send(request().tier("H100").at(T0).ttftMs(1_600)); // misses H100's 1.5 s
      h.send(request().tier("H100").at(T0).ttftMs(900).decodeMs(1_000).tokens(5, 6)); // 100 ms
      h.send(request().tier("H100").at(T0).ttftMs(900).decodeMs(2_000).tokens(5, 6)); // TPOT 200
      h.send(request().tier("H100").at(T0).ttftMs(50).status(RequestStatus.ERROR)); // fast error
      h.send(request().tier("L40S").at(T0).ttftMs(1_600)); // within the 5 s of other tiers
      h.advanceEventTimeTo(CLOSE);
      List<LatencyWindowStats> out = h.drainStats();

      LatencyWindowStats h100 = of(out, "eu-west", "H100", "e2e").get(0);
      assertThat(h100.getCount()).isEqualTo(4);
      assertThat(h100.getGoodCount()).isEqualTo(1);
      assertThat(of(out, "eu-west", "H100", "ttft").get(0).getGoodCount()).isEqualTo(1);
      assertThat(of(out, "eu-west", "H100", "tpot").get(0).getGoodCount()).isEqualTo(1);
      assertThat(of(out, "eu-west", "H100", "ttft").get(0).getSloThresholdMs()).isEqualTo(1_500);
      assertThat(of(out, "eu-west", "H100", "ttft").get(0).getOverSloCount()).isEqualTo(1);
      assertThat(of(out, "eu-west", "L40S", "e2e").get(0).getGoodCount()).isEqualTo(1);
      // rolled up over tiers: each request judged by its own class, no single threshold to show
      LatencyWindowStats region = of(out, "eu-west", "*", "ttft").get(0);
      assertThat(region.getGoodCount()).isEqualTo(2);
      assertThat(region.getOverSloCount()).isEqualTo(1);
      assertThat(region.getSloThresholdMs()).isNull();
      assertThat(of(out, "eu-west", "*", "e2e").get(0).getGoodCount()).isEqualTo(2);
    }
  }

  private static TopologySettings withSlos(LatencySlos slos) {
    TopologySettings base = TopologyHarness.settings();
    return new TopologySettings(
        base.topics(),
        base.inputPartitions(),
        base.windowMs(),
        base.graceMs(),
        base.idleAdvanceMs(),
        base.eventTimeAllowanceMs(),
        base.timingRules(),
        base.groupByModel(),
        base.limits(),
        slos,
        base.lateCorrections());
  }

  private static Map<Integer, Double> buckets(DDSketch sketch) {
    Map<Integer, Double> out = new java.util.TreeMap<>();
    LatencySketches.forEachBucket(sketch, out::put);
    return out;
  }

  private static DDSketch sketch(ByteBuffer bytes) {
    byte[] b = new byte[bytes.remaining()];
    bytes.duplicate().get(b);
    return LatencySketches.decode(b);
  }
}
