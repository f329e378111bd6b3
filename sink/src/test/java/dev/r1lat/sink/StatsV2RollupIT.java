package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.sink.SinkTables.StatsRow;
import dev.r1lat.sink.schema.Migration;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.sketch.LatencySketches;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V009 / V010 on real ClickHouse: the v2 columns of latency_stats_1m, correction rows adding to the
 * hour and week rollups (counts summed, sketches merged), the level views counting each request
 * once, request counts that count a retried request once, and the upgrade of a V008 database that
 * already holds statistics.
 */
@ExtendWith(RealStackExtension.class)
class StatsV2RollupIT {
  private static final AvroCodec<LatencyWindowStats> CODEC = AvroCodec.of(LatencyWindowStats.class);
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final long HOUR_MS = 3_600_000L;
  private static final long W0 = TestData.T0 + 10 * HOUR_MS + 5 * 60_000L;
  private static final double[] QS = {0.5, 0.9, 0.95, 0.99, 0.999};
  private static final String[] COLS = {"p50_ms", "p90_ms", "p95_ms", "p99_ms", "p999_ms"};

  /** A database with the migrations below {@code belowVersion} applied (all: Integer.MAX). */
  private static String migrate(Client c, int belowVersion) {
    String db = "stats_v2_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    List<Migration> some =
        Migrations.bundled().stream().filter(m -> m.version() < belowVersion).toList();
    new Migrator(c, SchemaOptions.singleNode(db), l -> {}).migrate(some);
    return db;
  }

  private static List<GenericRecord> query(Client c, String db, String sql) {
    return ClickHouseCalls.query(c, sql, Map.of("db", db));
  }

  private static long one(Client c, String db, String sql) {
    return query(c, db, sql).get(0).getLong("n");
  }

  private static Client client(Endpoints e) {
    return new ClickHouseSettings(e.clickhouseHttpUrl(), "default", "", "default").client();
  }

  /** A v2 row: {@code ok} the OK requests' sketch, {@code failed} the failed ones'. */
  static LatencyWindowStats v2(
      long start,
      String region,
      String tier,
      String component,
      int revision,
      DDSketch ok,
      DDSketch failed,
      long timeouts,
      long good) {
    long failedCount = (long) failed.getCount();
    return LatencyWindowStats.newBuilder(TestData.stats(start, region, tier, component, ok))
        .setCount((long) ok.getCount() + failedCount)
        .setErrorCount(failedCount)
        .setOkCount((long) ok.getCount())
        .setTimeoutCount(timeouts)
        .setCancelledCount(failedCount - timeouts)
        .setFailedSketch(
            ByteBuffer.wrap(failed.isEmpty() ? new byte[0] : LatencySketches.encode(failed)))
        .setRevision(revision)
        .setGoodCount(good)
        .build();
  }

  private static void write(String db, Client c, Endpoints e, List<LatencyWindowStats> stats)
      throws Exception {
    List<StatsRow> rows = new ArrayList<>();
    stats.forEach(s -> rows.add(SinkTables.LATENCY_STATS_1M.decode(CODEC.encode(s))));
    ClickHouseSettings ch = new ClickHouseSettings(e.clickhouseHttpUrl(), "default", "", db);
    long first = SEQ.incrementAndGet() * 1_000_000L;
    try (var writer = new ClickHouseBatchWriter(ch.client(), db)) {
      writer.write(
          new Batch<>(SinkTables.LATENCY_STATS_1M, "t", 0, first, first + rows.size() - 1, rows));
    }
  }

  private static DDSketch merged(DDSketch... sketches) {
    DDSketch m = LatencySketches.create();
    for (DDSketch s : sketches) {
      m.mergeWith(s);
    }
    return m;
  }

  private static void assertPercentiles(GenericRecord r, DDSketch expected, String prefix) {
    for (int i = 0; i < QS.length; i++) {
      double want = expected.getValueAtQuantile(QS[i]);
      assertThat(r.getDouble(prefix + COLS[i]))
          .as(prefix + COLS[i])
          .isCloseTo(want, within(want * 1e-12));
    }
  }

  @Test
  void shouldAddACorrectionRowToTheHourAndWeekRollups(Endpoints e) throws Exception {
    try (Client c = client(e)) {
      String db = migrate(c, Integer.MAX_VALUE);
      DDSketch ok0 = TestData.sketch(1, 400, 900);
      DDSketch failed0 = TestData.sketch(2, 30, 600_000);
      DDSketch late = TestData.sketch(3, 60, 4_000); // late events: slower, they move the tail
      write(
          db,
          c,
          e,
          List.of(
              v2(W0, "eu", "H100", "e2e", 0, ok0, failed0, 20, 380),
              v2(W0, "eu", "H100", "e2e", 1, late, LatencySketches.create(), 0, 50)));
      long requests = 400 + 30 + 60;
      for (String view : List.of("latency_1h_by_group", "latency_week_by_group", "latency_1m")) {
        GenericRecord r =
            query(c, db, "SELECT * FROM {db:Identifier}." + view + " WHERE component = 'e2e'")
                .get(0);
        assertThat(r.getLong("requests")).as(view).isEqualTo(requests);
        assertThat(r.getLong("latency_requests")).as(view).isEqualTo(460);
        assertThat(r.getLong("timeouts")).as(view).isEqualTo(20);
        assertThat(r.getLong("windows")).as(view).isEqualTo(1);
        assertThat(r.getLong("corrections")).as(view).isEqualTo(1);
        assertThat(r.getDouble("goodput")).as(view).isCloseTo(430.0 / requests, within(1e-12));
        assertThat(r.getBoolean("success_only")).as(view).isTrue();
        assertPercentiles(r, merged(ok0, late), "");
      }
      GenericRecord all =
          query(c, db, "SELECT * FROM {db:Identifier}.latency_1h_all_requests").get(0);
      assertPercentiles(all, merged(ok0, late, failed0), "all_");
      assertThat(all.getDouble("failed_p99_ms"))
          .isCloseTo(failed0.getValueAtQuantile(0.99), within(1e-6));
    }
  }

  /** The streams app's four levels for one window: 2 regions x 2 tiers, n requests per group. */
  private static List<LatencyWindowStats> fourLevels(long start) {
    List<LatencyWindowStats> out = new ArrayList<>();
    String[] regions = {"eu", "us"};
    String[] tiers = {"H100", "A100"};
    DDSketch fleet = LatencySketches.create();
    DDSketch none = LatencySketches.create();
    int seed = 10;
    for (String region : regions) {
      DDSketch regionAll = LatencySketches.create();
      for (String tier : tiers) {
        DDSketch s = TestData.sketch(seed++, 100 + seed, 800);
        out.add(withSlo(v2(start, region, tier, "ttft", 0, s, none, 0, 0), tier));
        regionAll.mergeWith(s);
      }
      out.add(withSlo(v2(start, region, "*", "ttft", 0, regionAll, none, 0, 0), "*"));
      fleet.mergeWith(regionAll);
    }
    for (String tier : tiers) {
      DDSketch tierAll = LatencySketches.create();
      out.stream()
          .filter(s -> s.getTier().equals(tier) && !s.getRegion().equals("*"))
          .toList()
          .forEach(s -> tierAll.mergeWith(LatencySketches.decode(bytes(s.getSketch()))));
      out.add(withSlo(v2(start, "*", tier, "ttft", 0, tierAll, none, 0, 0), tier));
    }
    out.add(withSlo(v2(start, "*", "*", "ttft", 0, fleet, none, 0, 0), "*"));
    return out;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] raw = new byte[b.remaining()];
    b.duplicate().get(raw);
    return raw;
  }

  /** The shipped config's TTFT SLOs: H100 1.5 s, every other tier (and the '*' label) 2 s. */
  private static LatencyWindowStats withSlo(LatencyWindowStats s, String tier) {
    return LatencyWindowStats.newBuilder(s)
        .setSloThresholdMs(tier.equals("H100") ? 1_500.0 : 2_000.0)
        .build();
  }

  @Test
  void shouldCountEachRequestOnceInEveryLevelView(Endpoints e) throws Exception {
    try (Client c = client(e)) {
      String db = migrate(c, Integer.MAX_VALUE);
      List<LatencyWindowStats> rows = fourLevels(W0);
      write(db, c, e, rows);
      long total =
          rows.stream()
              .filter(s -> !s.getRegion().equals("*") && !s.getTier().equals("*"))
              .mapToLong(LatencyWindowStats::getCount)
              .sum();
      for (String grain : List.of("1m", "1h", "week")) {
        for (String level : List.of("by_group", "by_region", "by_tier", "fleet")) {
          String view = "latency_" + grain + "_" + level;
          assertThat(one(c, db, "SELECT sum(requests) AS n FROM {db:Identifier}." + view))
              .as(view)
              .isEqualTo(total);
        }
        assertThat(one(c, db, "SELECT sum(requests) AS n FROM {db:Identifier}.latency_" + grain))
            .as("every level together")
            .isEqualTo(4 * total);
      }
      Map<String, Double> thresholds = new java.util.HashMap<>();
      for (GenericRecord r :
          query(
              c,
              db,
              "SELECT region || '/' || tier AS g, ifNull(slo_threshold_ms, -1) AS t"
                  + " FROM {db:Identifier}.slo_attainment")) {
        thresholds.put(r.getString("g"), r.getDouble("t"));
      }
      assertThat(thresholds)
          .containsEntry("eu/H100", 1_500.0)
          .containsEntry("eu/A100", 2_000.0)
          .containsEntry("*/H100", 1_500.0)
          .as("a roll-up over tiers mixes each tier's SLO: no single threshold")
          .containsEntry("eu/*", -1.0)
          .containsEntry("*/*", -1.0);
    }
  }

  @Test
  void shouldCountARetriedRequestOnceInTheRequestCounts(Endpoints e) throws Exception {
    try (Client c = client(e)) {
      String db = migrate(c, Integer.MAX_VALUE);
      String insert =
          "INSERT INTO "
              + db
              + ".request_timings (request_id, event_time, region, tier, model, streaming,"
              + " status, e2e_ms, reasoning_tokens) SELECT concat('r-', toString(number)),"
              + " fromUnixTimestamp64Milli(toInt64("
              + W0
              + " + number), 'UTC'), 'eu', 'H100', 'm', true, 'OK', 100, 10 FROM numbers(N)";
      ClickHouseCalls.execute(c, insert.replace("N)", "50)"));
      ClickHouseCalls.execute(c, insert.replace("N)", "1)")); // request r-0 retried
      assertThat(one(c, db, "SELECT sum(requests) AS n FROM {db:Identifier}.request_volume_1h"))
          .as("the raw volume rollup sees each insert")
          .isEqualTo(51);
      // the streams app counts the retried id once in its window
      DDSketch s = LatencySketches.create();
      for (int i = 0; i < 50; i++) {
        s.accept(100);
      }
      write(db, c, e, List.of(v2(W0, "eu", "H100", "e2e", 0, s, LatencySketches.create(), 0, 50)));
      assertThat(
              one(
                  c,
                  db,
                  "SELECT sum(requests) AS n FROM {db:Identifier}.request_counts_1h"
                      + " WHERE level = 'group'"))
          .isEqualTo(50);
      assertThat(one(c, db, "SELECT sum(total_requests) AS n FROM {db:Identifier}.error_rate"))
          .isEqualTo(50);
      assertThat(
              one(c, db, "SELECT sum(total_requests) AS n FROM {db:Identifier}.tokens_per_second"))
          .isEqualTo(50);
      assertThat(
              one(
                  c,
                  db,
                  "SELECT sum(requests) AS n FROM {db:Identifier}.weekly_summary"
                      + " WHERE level = 'group'"))
          .isEqualTo(50);
    }
  }

  @Test
  void shouldUpgradeAV008DatabaseHoldingStatistics(Endpoints e) throws Exception {
    try (Client c = client(e)) {
      String db = migrate(c, 9);
      DDSketch before = TestData.sketch(7, 500, 1_200);
      LatencyWindowStats old = TestData.stats(W0, "eu", "H100", "e2e", before);
      ClickHouseCalls.execute(
          c,
          "INSERT INTO "
              + db
              + ".latency_stats_1m (window_start, window_end, region, tier, component, count,"
              + " error_count, slo_threshold_ms, over_slo_count, p50, p90, p95, p99, p999, mean,"
              + " max, sketch_keys, sketch_counts, sketch_format) SELECT"
              + " fromUnixTimestamp64Milli(toInt64("
              + W0
              + "), 'UTC'), fromUnixTimestamp64Milli(toInt64("
              + (W0 + 60_000)
              + "), 'UTC'), 'eu', 'H100', 'e2e', "
              + old.getCount()
              + ", 1, 10000, 2, 0, 0, 0, 0, 0, "
              + old.getMean()
              + ", 0, "
              + keys(before)
              + ", "
              + counts(before)
              + ", 'ddsketch-log-1pct-v1'");
      double p99Before =
          query(
                  c,
                  db,
                  "SELECT r1lat_quantile(sumMapMerge(sketch), 0.99) AS v"
                      + " FROM {db:Identifier}.latency_stats_1h")
              .get(0)
              .getDouble("v");

      Migrator.Outcome out =
          new Migrator(c, SchemaOptions.singleNode(db), l -> {}).migrate(Migrations.bundled());
      assertThat(out.applied()).contains("V009__stats_v2_levels.sql", "V010__level_views.sql");

      GenericRecord r = query(c, db, "SELECT * FROM {db:Identifier}.latency_1h_by_group").get(0);
      assertThat(r.getLong("requests")).isEqualTo(old.getCount());
      assertThat(r.getDouble("p99_ms")).isCloseTo(p99Before, within(1e-9));
      assertThat(r.getBoolean("success_only")).as("written before the split").isFalse();
      assertThat(r.getObject("goodput")).as("no good count before the split").isNull();
      assertThat(r.getObject("timeout_rate")).isNull();
      assertThat(r.getDouble("mean_ms")).isCloseTo(old.getMean(), within(1e-9));
      assertThat(r.getDouble("slo_threshold_ms")).isEqualTo(10_000.0);

      // the recreated views feed the new columns, and the hour adds old and new rows
      DDSketch ok = TestData.sketch(8, 100, 1_000);
      DDSketch failed = TestData.sketch(9, 10, 600_000);
      write(db, c, e, List.of(v2(W0 + 60_000, "eu", "H100", "e2e", 0, ok, failed, 4, 90)));
      r = query(c, db, "SELECT * FROM {db:Identifier}.latency_1h_by_group").get(0);
      assertThat(r.getLong("requests")).isEqualTo(old.getCount() + 110);
      assertThat(r.getLong("windows")).isEqualTo(2);
      assertThat(r.getLong("timeouts")).isEqualTo(4);
      assertThat(r.getDouble("timeout_rate")).as("over the split rows").isEqualTo(4 / 110.0);
      assertThat(r.getDouble("goodput")).isCloseTo(90 / 110.0, within(1e-12));
      assertPercentiles(r, merged(before, ok), "");

      // a run that died half-way re-applies the files: every statement again, nothing changes
      for (Migration m : Migrations.bundled()) {
        if (m.version() >= 9) {
          Migrator.render(m, SchemaOptions.singleNode(db))
              .forEach(sql -> ClickHouseCalls.execute(c, sql, Map.of(), db));
        }
      }
      GenericRecord again =
          query(c, db, "SELECT * FROM {db:Identifier}.latency_1h_by_group").get(0);
      assertThat(again.getLong("requests")).isEqualTo(old.getCount() + 110);
      assertPercentiles(again, merged(before, ok), "");
      assertThat(
              one(
                  c,
                  db,
                  "SELECT count() AS n FROM system.tables WHERE database = '"
                      + db
                      + "' AND name LIKE '%_mv'"))
          .isEqualTo(4);
    }
  }

  @Test
  void shouldRunEveryShippedViewOverTheMigratedSchema(Endpoints e) throws Exception {
    try (Client c = client(e)) {
      String db = migrate(c, Integer.MAX_VALUE);
      write(db, c, e, fourLevels(W0));
      write(db, c, e, fourLevels(W0 + 7 * 24 * HOUR_MS));
      List<String> views = new ArrayList<>();
      for (GenericRecord r :
          query(
              c,
              db,
              "SELECT name FROM system.tables WHERE database = {db:String} AND engine = 'View'")) {
        views.add(r.getString("name"));
      }
      assertThat(views)
          .contains(
              "latency_1m_by_group",
              "latency_1h_fleet",
              "latency_week_by_tier",
              "latency_1h_all_requests",
              "weekly_summary",
              "goodput",
              "slo_attainment",
              "request_counts_weekly");
      for (String v : views) {
        assertThat(query(c, db, "SELECT * FROM {db:Identifier}." + v + " LIMIT 5"))
            .as(v)
            .isNotNull();
      }
      assertThat(
              one(
                  c,
                  db,
                  "SELECT count() AS n FROM {db:Identifier}.weekly_regressions"
                      + " WHERE level = 'fleet'"))
          .isEqualTo(1);
    }
  }

  private static String keys(DDSketch s) {
    StringBuilder b = new StringBuilder("[");
    LatencySketches.forEachBucket(s, (i, n) -> b.append(b.length() > 1 ? "," : "").append(i));
    return "CAST(" + b.append("]") + ", 'Array(Int32)')";
  }

  private static String counts(DDSketch s) {
    StringBuilder b = new StringBuilder("[");
    LatencySketches.forEachBucket(s, (i, n) -> b.append(b.length() > 1 ? "," : "").append(n));
    return "CAST(" + b.append("]") + ", 'Array(Float64)')";
  }
}
