package dev.r1lat.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.SinkTables.StatsRow;
import dev.r1lat.sink.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BatchWriter} promises, run against the in-memory fake (unit test) and real
 * ClickHouse (IT): rows land once per dedup token, distinct tokens all land, retries are safe.
 */
public abstract class BatchWriterContract {

  protected abstract BatchWriter writer();

  /** Natural keys of the rows now in {@code table}, duplicates included. */
  protected abstract <R> List<String> keysIn(SinkTable<R> table);

  /** A topic name unique to the running test, so implementations can share a table. */
  protected abstract String topic();

  /**
   * A writer refusing (as a row error) any raw batch spanning more than {@code n} days of event
   * time, ClickHouse's {@code max_partitions_per_insert_block} on the daily-partitioned table. Rows
   * of day {@code d} have request ids {@code day<d>-<i>}.
   */
  protected abstract BatchWriter writerRefusingMoreDaysThan(int n);

  private static final long DAY = 86_400_000L;

  /** {@code perDay} rows on each of {@code days} consecutive days. */
  private static List<TimingRow> spreadOverDays(int days, int perDay) {
    List<TimingRow> rows = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      for (int i = 0; i < perDay; i++) {
        RequestTiming t =
            RequestTiming.newBuilder(TestData.timing(i))
                .setRequestId("day" + d + "-" + i)
                .setEventTimeMs(TestData.T0 - d * DAY)
                .build();
        rows.add(SinkTables.REQUEST_TIMINGS.decode(TIMINGS.encode(t)));
      }
    }
    return rows;
  }

  private static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);

  private static List<TimingRow> timings(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> SinkTables.REQUEST_TIMINGS.decode(TIMINGS.encode(TestData.timing(i))))
        .toList();
  }

  @Test
  void shouldWriteEveryRowOfABatch() throws Exception {
    var batch = new Batch<>(SinkTables.REQUEST_TIMINGS, topic(), 0, 0, 99, timings(0, 100));
    writer().write(batch);
    assertThat(keysIn(SinkTables.REQUEST_TIMINGS))
        .containsExactlyInAnyOrderElementsOf(
            batch.rows().stream().map(t -> t.decode().getRequestId()).toList());
  }

  @Test
  void shouldDropAReplayedBatchWithTheSameToken() throws Exception {
    var batch = new Batch<>(SinkTables.REQUEST_TIMINGS, topic(), 1, 500, 549, timings(500, 550));
    writer().write(batch);
    writer().write(batch);
    writer()
        .write(new Batch<>(SinkTables.REQUEST_TIMINGS, topic(), 1, 500, 549, timings(500, 550)));
    assertThat(keysIn(SinkTables.REQUEST_TIMINGS)).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void shouldKeepBatchesOfDifferentRangesEvenWithEqualContent() throws Exception {
    // anomalies: request_timings collapses equal requests by design (V008), this is about tokens
    var rows = IntStream.range(0, 10).mapToObj(TestData::anomaly).toList();
    writer().write(new Batch<>(SinkTables.LATENCY_ANOMALIES, topic(), 2, 0, 9, rows));
    writer().write(new Batch<>(SinkTables.LATENCY_ANOMALIES, topic(), 2, 10, 19, rows));
    assertThat(keysIn(SinkTables.LATENCY_ANOMALIES)).hasSize(20);
  }

  @Test
  void shouldRefuseABatchOverThePartitionLimitAsARowErrorAndTakeItsParts() throws Exception {
    BatchWriter limited = writerRefusingMoreDaysThan(2);
    var batch = new Batch<>(SinkTables.REQUEST_TIMINGS, topic(), 3, 0, 39, spreadOverDays(4, 10));
    BatchWriter.WriteException refused = null;
    try {
      limited.write(batch);
    } catch (BatchWriter.WriteException e) {
      refused = e;
    }
    assertThat(refused).isNotNull();
    assertThat(refused.rowError()).as("the same rows fail on every retry").isTrue();
    assertThat(refused.reason()).containsIgnoringCase("partitions");
    assertThat(keysIn(SinkTables.REQUEST_TIMINGS)).isEmpty();

    limited.write(batch.part(0, 20, 0, 19));
    limited.write(batch.part(20, 40, 20, 39));
    limited.write(batch.part(0, 20, 0, 19)); // a replayed part: same token, dropped
    assertThat(keysIn(SinkTables.REQUEST_TIMINGS)).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void shouldWriteWindowStatsWithTheirSketchBuckets() throws Exception {
    List<StatsRow> rows = new ArrayList<>();
    AvroCodec<LatencyWindowStats> codec = AvroCodec.of(LatencyWindowStats.class);
    for (int i = 0; i < 20; i++) {
      LatencyWindowStats s =
          TestData.stats(
              TestData.T0 + i * 60_000L, "eu-west", "H100", "e2e", TestData.sketch(i, 200, 900));
      rows.add(SinkTables.LATENCY_STATS_1M.decode(codec.encode(s)));
    }
    writer().write(new Batch<>(SinkTables.LATENCY_STATS_1M, topic(), 0, 0, 19, rows));
    writer().write(new Batch<>(SinkTables.LATENCY_STATS_1M, topic(), 0, 0, 19, rows));
    assertThat(keysIn(SinkTables.LATENCY_STATS_1M)).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void shouldWriteAnomalies() throws Exception {
    var rows = IntStream.range(0, 9).mapToObj(TestData::anomaly).toList();
    writer().write(new Batch<>(SinkTables.LATENCY_ANOMALIES, topic(), 0, 0, 8, rows));
    assertThat(keysIn(SinkTables.LATENCY_ANOMALIES)).hasSize(9).doesNotHaveDuplicates();
  }
}
