package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static dev.r1lat.streams.TopologyHarness.of;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.r1lat.schema.LatencyWindowStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputAndIdleTest {
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};

  @TempDir Path state;

  private static String reason(TestRecord<byte[], byte[]> r) {
    return new String(r.headers().lastHeader("r1lat.reason").value());
  }

  private static double dlqByReason(TopologyHarness h, String reason) {
    return h.metrics.registry().counter("r1lat_records_dlq_total", "reason", reason).count();
  }

  @Test
  void shouldRouteUndecodableAndInvalidEventsToTheDlqWithAReasonAndKeepGoing() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      h.sendBytes("{\"requestId\":\"json?\"}".getBytes(), T0);
      h.send(request().at(T0).ttftMs(-5));
      h.send(request().at(T0).e2eMs(Double.NaN));
      h.send(request().at(T0).ttftMs(1e12));
      h.send(request().region("*").at(T0));
      h.send(request().at(T0).ttftMs(100)); // valid, still counted
      TimingsFuture.sendFromTheFuture(h);

      List<TestRecord<byte[], byte[]>> dlq = h.drainDlq();
      assertThat(dlq)
          .extracting(BadInputAndIdleTest::reason)
          .satisfiesExactly(
              r -> assertThat(r).contains("not Avro single-object encoded"),
              r -> assertThat(r).isEqualTo("ttftMs must not be negative (was -5.0)"),
              r -> assertThat(r).contains("e2eMs is NaN"),
              r -> assertThat(r).contains("above events.max-timing-ms"),
              r -> assertThat(r).contains("reserved"));
      assertThat(dlq.get(0).value())
          .as("the bytes as received")
          .isEqualTo("{\"requestId\":\"json?\"}".getBytes());
      assertThat(h.metrics.count("r1lat_records_dlq_total")).isEqualTo(5);
      assertThat(dlqByReason(h, "undecodable")).isEqualTo(1);
      assertThat(dlqByReason(h, "invalid_field")).isEqualTo(4);
      assertThat(h.quarantine.readRecordsToList())
          .as("well formed, but its event time cannot be trusted")
          .extracting(BadInputAndIdleTest::reason)
          .singleElement(as(STRING))
          .contains("future");

      h.advanceEventTimeTo(T0 + ONE_MINUTE + 30_000);
      assertThat(of(h.drainStats(), "eu-west", "H100", "ttft").get(0).getCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldFoldValuesOutsideTheAllowListOrPastTheCapIntoOther() {
    TopologySettings base = TopologyHarness.settings();
    TopologySettings cfg =
        new TopologySettings(
            base.topics(),
            1,
            base.windowMs(),
            base.graceMs(),
            base.idleAdvanceMs(),
            base.eventTimeAllowanceMs(),
            base.timingRules(),
            false,
            new CardinalityGuard.Limits(Set.of(), Set.of("H100", "A100", "TICK"), 3),
            base.slo(),
            base.lateCorrections());
    try (TopologyHarness h = new TopologyHarness(cfg, NO_REPLAY, state)) {
      h.send(request().region("eu-west").tier("H100").at(T0));
      h.send(request().region("us-east").tier("GPU-9000").at(T0)); // not allowed
      h.send(request().region("zz-tick").tier("A100").at(T0));
      h.send(request().region("region-4").tier("A100").at(T0)); // past the cap of 3 regions
      h.advanceEventTimeTo(T0 + ONE_MINUTE + 30_000);
      List<LatencyWindowStats> out = h.drainStats();
      assertThat(of(out, "us-east", "other", "e2e")).hasSize(1);
      assertThat(of(out, "other", "A100", "e2e")).hasSize(1);
      assertThat(of(out, "*", "*", "e2e").get(0).getCount()).isEqualTo(4);
      assertThat(h.metrics.count("r1lat_dimension_values_folded_total")).isEqualTo(2);
    }
  }

  @Test
  void shouldCloseWindowsOfAnIdlePartitionByWallClock() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      h.send(request().at(T0 + 50_000).ttftMs(7));
      h.idle(Duration.ofSeconds(20));
      assertThat(h.drainStats()).isEmpty();
      // idle-advance (30 s) then event time moves with the wall clock past end + grace
      h.idle(Duration.ofSeconds(60));
      assertThat(of(h.drainStats(), "eu-west", "H100", "ttft")).hasSize(1);
    }
  }
}
