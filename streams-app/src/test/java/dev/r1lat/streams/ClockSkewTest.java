package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producer hosts with clocks running ahead (issue 11, item 1). Record timestamps are the broker's
 * append time; the driver's wall clock moves along with the traffic, as a live app's would.
 */
class ClockSkewTest {
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};
  private static final long FOUR_MINUTES = 4 * ONE_MINUTE;
  private static final long ONE_HOUR = 60 * ONE_MINUTE;

  @TempDir Path state;

  /** The topology with a wall clock that starts at T0. */
  private final class Live implements AutoCloseable {
    final TopologyHarness h =
        new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state, Instant.ofEpochMilli(T0));
    long wall = T0;

    void wallTo(long t) {
      if (t > wall) {
        h.idle(Duration.ofMillis(t - wall));
        wall = t;
      }
    }

    /** Stamped now by a host with a right clock, appended now by the broker. */
    void onTime(String region, long t) {
      wallTo(t);
      h.send(request().region(region).at(t), t);
    }

    /** Stamped by a host whose clock runs {@code skewMs} ahead, appended now. */
    void skewed(String region, long t, long skewMs) {
      wallTo(t);
      h.send(request().region(region).at(t + skewMs), t);
    }

    /** Silence until {@code t}, in 10-second ticks, so the idle advance runs as it would live. */
    void idleUntil(long t) {
      while (wall < t) {
        wallTo(Math.min(t, wall + 10_000));
      }
    }

    @Override
    public void close() {
      h.close();
    }
  }

  /** Window start -> e2e count of one region's H100 group. */
  private static Map<Long, Long> counts(List<LatencyWindowStats> out, String region) {
    return TopologyHarness.of(out, region, "H100", "e2e").stream()
        .collect(
            Collectors.toMap(
                LatencyWindowStats::getWindowStartMs,
                LatencyWindowStats::getCount,
                Long::sum,
                TreeMap::new));
  }

  private static Map<Long, Long> everyMinute(int fromMinute, int toMinute, long count) {
    Map<Long, Long> m = new TreeMap<>();
    for (int w = fromMinute; w <= toMinute; w++) {
      m.put(T0 + w * ONE_MINUTE, count);
    }
    return m;
  }

  private static String reason(TestRecord<byte[], byte[]> r) {
    return new String(r.headers().lastHeader("r1lat.reason").value());
  }

  @Test
  void shouldCountEveryOnTimeEventAfterABurstFromAClockFourMinutesAhead() {
    try (Live live = new Live()) {
      for (int i = 0; i < 100; i++) {
        live.onTime("eu-west", T0 + i * 600L);
      }
      for (int i = 0; i < 24; i++) {
        live.skewed("fast-clock", T0 + ONE_MINUTE + i, FOUR_MINUTES);
      }
      for (int m = 1; m <= 9; m++) {
        for (int i = 0; i < 100; i++) {
          live.onTime("eu-west", T0 + m * ONE_MINUTE + i * 600L);
        }
      }
      live.idleUntil(T0 + 12 * ONE_MINUTE);

      List<LatencyWindowStats> out = live.h.drainStats();
      assertThat(counts(out, "eu-west")).isEqualTo(everyMinute(0, 9, 100));
      assertThat(counts(out, "fast-clock"))
          .as("the skewed events count in their own window")
          .containsExactly(entry(T0 + 5 * ONE_MINUTE, 24L));
      assertThat(live.h.late.readRecordsToList()).isEmpty();
      assertThat(live.h.quarantine.readRecordsToList()).isEmpty();
    }
  }

  @Test
  void shouldCountOnTimeEventsBesideASteadyTrickleFromOneHostFourMinutesAhead() {
    try (Live live = new Live()) {
      for (long t = T0; t < T0 + 10 * ONE_MINUTE; t += 1_000) {
        live.onTime("eu-west", t);
        if ((t - T0) % 5_000 == 0) {
          live.skewed("fast-host", t, FOUR_MINUTES);
        }
      }
      live.idleUntil(T0 + 16 * ONE_MINUTE);

      List<LatencyWindowStats> out = live.h.drainStats();
      assertThat(counts(out, "eu-west")).isEqualTo(everyMinute(0, 9, 60));
      assertThat(counts(out, "fast-host")).isEqualTo(everyMinute(4, 13, 12));
      assertThat(live.h.late.readRecordsToList()).isEmpty();
    }
  }

  @Test
  void shouldQuarantineAHostAnHourAheadAndATooOldEventWithTheirReasonsAndCountTheRest() {
    try (Live live = new Live()) {
      for (long t = T0; t < T0 + 3 * ONE_MINUTE; t += 1_000) {
        live.onTime("eu-west", t);
        if ((t - T0) % 5_000 == 0) {
          live.skewed("hour-ahead", t, ONE_HOUR);
        }
      }
      live.h.send(request().region("backfill").at(T0 - Duration.ofDays(15).toMillis()), live.wall);
      live.idleUntil(T0 + 5 * ONE_MINUTE);

      List<TestRecord<byte[], byte[]>> quarantined = live.h.quarantine.readRecordsToList();
      assertThat(quarantined).hasSize(36 + 1);
      assertThat(quarantined.subList(0, 36))
          .allSatisfy(r -> assertThat(reason(r)).contains("future event time"));
      assertThat(reason(quarantined.get(36))).contains("older than events.max-age");
      assertThat(quarantined)
          .allSatisfy(r -> assertThat(r.headers().lastHeader("r1lat.source")).isNotNull());
      var registry = live.h.metrics.registry();
      assertThat(registry.counter("r1lat_quarantined_total", "reason", "future_event_time").count())
          .isEqualTo(36);
      assertThat(registry.counter("r1lat_quarantined_total", "reason", "too_old").count())
          .isEqualTo(1);
      assertThat(live.h.drainDlq()).as("well formed: not dead-lettered").isEmpty();
      List<LatencyWindowStats> out = live.h.drainStats();
      assertThat(counts(out, "eu-west")).isEqualTo(everyMinute(0, 2, 60));
      assertThat(counts(out, "hour-ahead")).isEmpty();
    }
  }

  @Test
  void shouldNeverIdleAdvancePastTheWallClock() {
    try (Live live = new Live()) {
      // appended by a broker whose clock runs 3 minutes ahead of this host's
      long ahead = T0 + 3 * ONE_MINUTE + 10_000;
      live.h.send(request().at(ahead), ahead);
      live.idleUntil(T0 + 3 * ONE_MINUTE);
      assertThat(live.h.drainStats()).as("its window stays open until the wall clock").isEmpty();

      for (long t = T0 + 3 * ONE_MINUTE; t < T0 + 4 * ONE_MINUTE; t += 1_000) {
        live.onTime("eu-west", t);
      }
      live.idleUntil(T0 + 6 * ONE_MINUTE);

      assertThat(counts(live.h.drainStats(), "eu-west"))
          .containsExactly(entry(T0 + 3 * ONE_MINUTE, 61L));
      assertThat(live.h.late.readRecordsToList()).isEmpty();
    }
  }

  @Test
  void shouldRestartAStoredStreamTimeAheadOfTheWallClockAtTheWallClock() {
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();
    var progress = AggregatorFixture.progressStore(storeCtx);
    // what an older version stored after a burst 4 minutes ahead: stream time T0 + 4 min, windows
    // closed up to T0 + 3 min (and its idle advance carried that lead on forever)
    progress.put(
        TimingAggregator.PROGRESS_KEY,
        new TaskProgress(T0 + 3 * ONE_MINUTE, 0, T0 + FOUR_MINUTES).toBytes());
    AggregatorTask task =
        new AggregatorTask(
            progress,
            AggregatorFixture.dimensionsStore(storeCtx),
            AggregatorFixture.logReplay(List.of(), T0, -1),
            T0);
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);

    for (long t = T0 + 10_000; t <= T0 + 11 * ONE_MINUTE; t += 10_000) {
      task.tickAt(t - T0);
      if (t >= T0 + 4 * ONE_MINUTE && t < T0 + 10 * ONE_MINUTE) {
        task.process(codec.encode(request().at(t).build()), t);
      }
    }

    assertThat(task.closedCounts).containsExactly(6L, 6L, 6L, 6L, 6L, 6L);
    assertThat(task.metrics.count("r1lat_records_late_total")).isZero();
  }
}
