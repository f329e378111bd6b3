package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static dev.r1lat.streams.TopologyHarness.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client retrying a request (same request id, same event time) is counted once (issue 11, item
 * 7): the gateway promises that a retry is idempotent by request id.
 */
class RetriedRequestsTest {
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final long PRODUCED_AT = T0 + 3_600_000;

  @TempDir Path state;

  @Test
  void shouldCountARetriedRequestOnceAndDistinctRequestsEach() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      Timings.Builder retried = request().at(T0 + 1_000).ttftMs(100);
      h.send(retried);
      h.send(request().at(T0 + 2_000).ttftMs(200));
      h.send(retried); // the client did not get the answer and sent it again
      h.send(request().at(T0 + 3_000).ttftMs(300));
      h.send(retried);
      h.advanceEventTimeTo(T0 + ONE_MINUTE + 30_000);

      List<LatencyWindowStats> ttft = of(h.drainStats(), "eu-west", "H100", "ttft");
      assertThat(ttft).singleElement().extracting(LatencyWindowStats::getCount).isEqualTo(3L);
      assertThat(ttft.get(0).getMean()).isEqualTo(200);
      assertThat(h.metrics.count("r1lat_duplicates_total")).isEqualTo(2);
      assertThat(h.late.readRecordsToList()).isEmpty();
      assertThat(h.drainDlq()).isEmpty();
    }
  }

  /**
   * 150 distinct requests, one per second (windows of 60, 60, 30), and retries of three of them at
   * various later offsets. A crash at any point: the replay rebuilds each open window's request
   * ids, so a retry after the crash of a request counted before it is still dropped.
   */
  @ParameterizedTest
  @ValueSource(ints = {10, 40, 75, 120, 152})
  void shouldCountARetriedRequestOnceAcrossACrashAt(int crashOffset) {
    List<byte[]> log = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      log.add(CODEC.encode(request().at(T0 + i * 1_000L).ttftMs(100 + i).build()));
      if (i == 30 || i == 70 || i == 140) {
        log.add(log.get(i - 25)); // a retry of the request 25 seconds earlier
      }
    }
    ReplaySource source = AggregatorFixture.logReplay(log, PRODUCED_AT, -1);
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();
    var progress = AggregatorFixture.progressStore(storeCtx);
    var dims = AggregatorFixture.dimensionsStore(storeCtx);

    AggregatorTask beforeCrash = new AggregatorTask(progress, dims, source, PRODUCED_AT);
    beforeCrash.process(log, 0, crashOffset);
    AggregatorTask restarted = new AggregatorTask(progress, dims, source, PRODUCED_AT);
    restarted.process(log, crashOffset, log.size());
    restarted.tickAt(120_000);

    List<Long> counts = new ArrayList<>(beforeCrash.closedCounts);
    counts.addAll(restarted.closedCounts);
    assertThat(counts).containsExactly(60L, 60L, 30L);
    assertThat(restarted.metrics.count("r1lat_records_replayed_total"))
        .as("the crash lost open windows")
        .isPositive();
  }
}
