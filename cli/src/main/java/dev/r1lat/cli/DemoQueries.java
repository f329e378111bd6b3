package dev.r1lat.cli;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.sink.ClickHouseSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What the demo reads back from ClickHouse: live counters and the end-of-run summary. Every
 * statement is a constant; values travel as query parameters.
 */
final class DemoQueries implements AutoCloseable {
  private final Client client;
  private final String db;

  DemoQueries(ClickHouseSettings ch) {
    this.client = ch.client();
    this.db = ch.database();
  }

  long count(String table) {
    // the database comes from settings: it travels as a parameter, never inside the SQL text
    List<GenericRecord> rows =
        client.queryAll(
            "SELECT count() AS n FROM {db:Identifier}.{t:Identifier}",
            Map.of("db", db, "t", table));
    return rows.get(0).getLong("n");
  }

  /** Anomalies whose latest lifecycle event is not RESOLVED. */
  long openAnomalies() {
    return client
        .queryAll(
            "SELECT countIf(last_state != 'RESOLVED') AS n FROM (SELECT anomaly_id,"
                + " argMax(state, detected_at) AS last_state FROM {db:Identifier}.latency_anomalies"
                + " GROUP BY anomaly_id)",
            Map.of("db", db))
        .get(0)
        .getLong("n");
  }

  /** Start of the newest complete 1-minute window of the all-groups e2e series, epoch ms. */
  long newestWindowMs() {
    return client
        .queryAll(
            "SELECT toUnixTimestamp64Milli(max(window_start)) AS n FROM"
                + " {db:Identifier}.latency_stats_1m"
                + " WHERE region = '*' AND tier = '*' AND component = 'e2e'",
            Map.of("db", db))
        .get(0)
        .getLong("n");
  }

  /** Drops every row of the demo's tables, so the summary describes this run only. */
  void truncateAll() {
    for (GenericRecord t :
        client.queryAll(
            "SELECT name FROM system.tables WHERE database = {db:String}"
                + " AND engine LIKE '%MergeTree' AND name NOT LIKE '.inner%' AND name != 'schema_migrations'",
            Map.of("db", db))) {
      client.queryAll(
          "TRUNCATE TABLE {db:Identifier}.{t:Identifier}",
          Map.of("db", db, "t", t.getString("name")));
    }
  }

  void printTable(PrintStream out, String sql) {
    try {
      SqlCommand.copyResult(
          client, sql, com.clickhouse.data.ClickHouseFormat.PrettyCompactMonoBlock, out);
    } catch (Exception e) {
      out.println("(query failed: " + MigrateCommand.oneLine(e) + ")");
    }
  }

  /**
   * The newest window of every region x tier (level 'group'): percentiles of successful requests
   * from the window's merged sketch (its first emission and any late-event corrections), with the
   * error rate beside them and goodput on e2e.
   */
  static final String LATEST_PERCENTILES =
      """
      SELECT region, tier, component, formatDateTime(window_start, '%H:%i') AS window,
             requests, round(p50_ms) AS p50_ms, round(p99_ms) AS p99_ms,
             round(error_rate, 3) AS error_rate, round(goodput, 3) AS goodput
      FROM r1lat.latency_1m_by_group
      WHERE component IN ('e2e', 'ttft')
        AND window_start = (SELECT max(window_start) FROM r1lat.latency_stats_1m
                            WHERE region = '*' AND tier = '*')
      ORDER BY component, region, tier""";

  static final String ANOMALIES =
      """
      SELECT kind, region || '/' || tier AS grp, component, metric,
             formatDateTime(min(window_start), '%H:%i') AS opened,
             formatDateTime(maxIf(window_end, state = 'RESOLVED'), '%H:%i') AS resolved,
             argMin(reason, detected_at) AS reason
      FROM r1lat.latency_anomalies
      GROUP BY anomaly_id, kind, grp, component, metric
      ORDER BY min(window_start), grp, component
      LIMIT 30""";

  /** Printed after the demo as starting points: every percentile from merged sketches. */
  static final String[] EXPLORE = {
    "SELECT * FROM r1lat.component_breakdown WHERE level = 'group' LIMIT 20",
    "SELECT region, tier, sum(total_count) AS requests,"
        + " round(r1lat_quantile(sumMapMerge(sketch), 0.99)) AS ttft_p99_ms"
        + " FROM r1lat.latency_stats_1h WHERE component = 'ttft'"
        + " AND r1lat_level(region, tier) = 'group' GROUP BY region, tier ORDER BY ttft_p99_ms DESC",
    "SELECT * FROM r1lat.goodput WHERE level = 'group' LIMIT 20",
    "SELECT * FROM r1lat.weekly_summary"
  };

  @Override
  public void close() throws Exception {
    client.close();
  }
}
