package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.query.GenericRecord;
import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.sink.SinkTables.StatsRow;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.sketch.LatencySketches;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rollup percentiles in SQL equal the Java merge of the same sketches: the 1h and weekly tables
 * (materialized views over latency_stats_1m) and the views read quantiles from summed bucket
 * counts, never from averaged percentiles.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SketchRollupIT {
  private static final double[] QS = {0.0, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};
  private static final AvroCodec<LatencyWindowStats> CODEC = AvroCodec.of(LatencyWindowStats.class);
  private static final long HOUR = 3_600_000L;
  private static final long WEEK = 7 * 24 * HOUR;

  private ItDatabase db;

  /** Java-side merges: hour start ms -> merged sketch, and week start ms -> merged sketch. */
  private final Map<Long, DDSketch> hours = new HashMap<>();

  private final Map<Long, DDSketch> weeks = new HashMap<>();
  private final List<Double> windowP99s = new ArrayList<>();

  @BeforeAll
  void writeThreeHoursInEachOfTwoWeeks(Endpoints endpoints) throws Exception {
    db = new ItDatabase(endpoints, "rollup");
    List<StatsRow> rows = new ArrayList<>();
    int seed = 0;
    for (long weekStart : new long[] {TestData.T0, TestData.T0 + WEEK}) {
      for (int minute = 0; minute < 180; minute++) {
        long start = weekStart + minute * 60_000L;
        // a slower third hour, so quantiles of the merge differ from those of any one window
        DDSketch s = TestData.sketch(seed++, 50 + minute % 40, minute >= 120 ? 2_500 : 900);
        rows.add(
            SinkTables.LATENCY_STATS_1M.decode(
                CODEC.encode(TestData.stats(start, "eu-west", "H100", "e2e", s))));
        hours.computeIfAbsent(start - start % HOUR, h -> LatencySketches.create()).mergeWith(s);
        weeks.computeIfAbsent(weekStart, w -> LatencySketches.create()).mergeWith(s);
        windowP99s.add(s.getValueAtQuantile(0.99));
      }
    }
    try (var writer = new ClickHouseBatchWriter(db.settings.client(), db.db())) {
      // two inserts, as the sink would do, so the rollup merges partial states too
      writer.write(new Batch<>(SinkTables.LATENCY_STATS_1M, "t", 0, 0, 199, rows.subList(0, 200)));
      writer.write(
          new Batch<>(SinkTables.LATENCY_STATS_1M, "t", 0, 200, 359, rows.subList(200, 360)));
      // a replay of the first batch must not reach the rollups
      writer.write(new Batch<>(SinkTables.LATENCY_STATS_1M, "t", 0, 0, 199, rows.subList(0, 200)));
    }
  }

  @AfterAll
  void close() {
    db.close();
  }

  private List<GenericRecord> query(String sql) {
    return ClickHouseCalls.query(db.client, sql, Map.of("db", db.db()));
  }

  @Test
  void shouldReadHourlyPercentilesEqualToTheJavaMergeOfTheSameSketches() {
    List<GenericRecord> rows =
        query(
            "SELECT toUnixTimestamp(hour) * 1000 AS h, requests,"
                + " p50_ms, p90_ms, p95_ms, p99_ms, p999_ms"
                + " FROM {db:Identifier}.latency_over_time WHERE component = 'e2e' ORDER BY h");
    assertThat(rows).hasSize(hours.size());
    for (GenericRecord r : rows) {
      DDSketch merged = hours.get(r.getLong("h"));
      assertThat(r.getLong("requests")).isEqualTo((long) merged.getCount());
      String[] cols = {"p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms"};
      double[] qs = {0.5, 0.9, 0.95, 0.99, 0.999};
      for (int i = 0; i < cols.length; i++) {
        double expected = merged.getValueAtQuantile(qs[i]);
        assertThat(r.getDouble(cols[i])).isCloseTo(expected, within(expected * 1e-12));
      }
    }
  }

  @Test
  void shouldReadWeeklyPercentilesEqualToTheJavaMergeAtEveryQuantile() {
    for (var week : weeks.entrySet()) {
      LocalDate monday = Instant.ofEpochMilli(week.getKey()).atZone(ZoneOffset.UTC).toLocalDate();
      for (double q : QS) {
        double sql =
            ClickHouseCalls.query(
                    db.client,
                    "SELECT r1lat_quantile(sumMapMerge(sketch), {q:Float64}) AS v"
                        + " FROM {db:Identifier}.latency_weekly WHERE week = {w:Date}",
                    Map.of("db", db.db(), "q", q, "w", monday.toString()))
                .get(0)
                .getDouble("v");
        double java = week.getValue().getValueAtQuantile(q);
        assertThat(sql).as("week %s q %s", monday, q).isCloseTo(java, within(java * 1e-12 + 1e-12));
      }
    }
  }

  @Test
  void shouldDifferFromTheAverageOfWindowPercentiles() {
    // the guarantee has teeth: averaging per-window p99s would give another number
    double averaged = windowP99s.stream().mapToDouble(d -> d).average().orElseThrow();
    double merged =
        query(
                "SELECT r1lat_quantile(sumMapMerge(sketch), 0.99) AS v"
                    + " FROM {db:Identifier}.latency_weekly")
            .get(0)
            .getDouble("v");
    DDSketch all = LatencySketches.create();
    weeks.values().forEach(all::mergeWith);
    assertThat(merged).isCloseTo(all.getValueAtQuantile(0.99), within(1e-9 * merged));
    assertThat(Math.abs(merged - averaged) / merged).isGreaterThan(0.05);
  }

  @Test
  void shouldNotCountAReplayedBatchInTheRawTableOrTheRollups() {
    long windows = 360;
    assertThat(db.count(db.db() + ".latency_stats_1m")).isEqualTo(windows);
    long requests = weeks.values().stream().mapToLong(s -> (long) s.getCount()).sum();
    assertThat(
            query("SELECT sum(total_count) AS n FROM {db:Identifier}.latency_weekly")
                .get(0)
                .getLong("n"))
        .isEqualTo(requests);
    assertThat(
            query("SELECT sum(windows) AS n FROM {db:Identifier}.latency_stats_1h")
                .get(0)
                .getLong("n"))
        .isEqualTo(windows);
  }

  @Test
  void shouldMapBucketIndexesToTheValuesSketchesJavaUses() {
    for (int index : new int[] {-500, -1, 0, 1, 7, 100, 345, 600, 1_000, 1_500}) {
      double sql =
          ClickHouseCalls.query(
                  db.client, "SELECT r1lat_sketch_value({i:Int32}) AS v", Map.of("i", index))
              .get(0)
              .getDouble("v");
      double java = LatencySketches.create().getIndexMapping().value(index);
      assertThat(sql).as("index %d", index).isCloseTo(java, within(Math.abs(java) * 1e-14));
    }
  }
}
