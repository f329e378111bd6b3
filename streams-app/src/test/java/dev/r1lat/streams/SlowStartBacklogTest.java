package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new task over a partition full of past events whose stream thread starts slowly: its first
 * wall-clock ticks come after {@code idle-advance} and before its first record (found by the
 * reliability suite on a loaded machine: a third of scenario 5's events came out late). Silence
 * before the first record of a backlog is not idleness.
 */
class SlowStartBacklogTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final String TOPIC = TopologyHarness.TOPICS.requestTimings().name();
  private static final long STARTED_AT = T0 + 3_600_000;

  /** 150 events, one per second, an hour before the task starts. */
  private static List<byte[]> backlog() {
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      events.add(CODEC.encode(request().at(T0 + i * 1_000L).ttftMs(100 + i).build()));
    }
    return events;
  }

  @Test
  void shouldWaitForTheFirstRecordOfABacklogInsteadOfAdvancingToTheWallClock() {
    List<byte[]> log = backlog();
    AggregatorTask task =
        AggregatorTask.fresh(AggregatorFixture.logReplay(log, STARTED_AT, -1), STARTED_AT);

    task.tickAt(1_000);
    task.tickAt(45_000); // past idle-advance (30 s), no record processed yet
    task.process(log);
    task.tickAt(45_000 + 120_000); // now idle for real: the last window closes

    assertThat(task.closedCounts).containsExactly(60L, 60L, 30L);
    assertThat(task.metrics.count("r1lat_records_late_total")).isZero();
  }

  @Test
  void shouldStillAdvanceAnEmptyPartitionAfterIdleAdvance() {
    AggregatorTask task =
        AggregatorTask.fresh(AggregatorFixture.logReplay(List.of(), STARTED_AT, -1), STARTED_AT);

    task.tickAt(1_000);
    task.tickAt(45_000);
    task.process(backlog()); // what arrives now, an hour old, is late

    assertThat(task.closedCounts).isEmpty();
    assertThat(task.metrics.count("r1lat_records_late_total")).isEqualTo(150);
  }
}
