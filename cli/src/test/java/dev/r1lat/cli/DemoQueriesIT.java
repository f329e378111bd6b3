package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every statement the demo prints or runs, executed against the migrated schema holding a few
 * windows of every level: none fails, none averages percentiles, and the latest-percentiles table
 * reads one level (each request once).
 */
@ExtendWith(RealStackExtension.class)
class DemoQueriesIT {
  private static final String DB = "demo_sql_" + ProcessHandle.current().pid();

  private static String run(Client c, String sql) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SqlCommand.copyResult(c, sql.replace("r1lat.", DB + "."), ClickHouseFormat.TSV, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRunEveryDemoStatementAgainstTheMigratedSchema(Endpoints e) throws Exception {
    ClickHouseSettings ch = new ClickHouseSettings(e.clickhouseHttpUrl(), "default", "", "default");
    try (Client c = ch.client()) {
      new Migrator(c, SchemaOptions.singleNode(DB), l -> {}).migrate(Migrations.bundled());
      // one window: 2 regions x 2 tiers and their roll-ups, e2e and ttft, a correction on one
      ClickHouseCalls.execute(
          c,
          "INSERT INTO "
              + DB
              + ".latency_stats_1m (window_start, window_end, region, tier, component, count,"
              + " error_count, p50, p90, p95, p99, p999, mean, max, sketch_keys, sketch_counts,"
              + " sketch_format, revision, ok_count, good_count)"
              + " SELECT toStartOfMinute(now64(3)) - INTERVAL 2 MINUTE AS ws, ws + INTERVAL 1"
              + " MINUTE, r, t, comp, 10, 1, 0, 0, 0, 0, 0, 500, 900, [600, 700], [4., 5.],"
              + " 'ddsketch-log-1pct-v1', rev, 9, 8"
              + " FROM (SELECT arrayJoin(['eu', 'us', '*']) AS r) AS a"
              + " CROSS JOIN (SELECT arrayJoin(['H100', 'A100', '*']) AS t) AS b"
              + " CROSS JOIN (SELECT arrayJoin(['e2e', 'ttft']) AS comp) AS d"
              + " CROSS JOIN (SELECT arrayJoin([0, 1]) AS rev) AS f");
      List<String> all = new ArrayList<>(List.of(DemoQueries.EXPLORE));
      all.add(DemoQueries.LATEST_PERCENTILES);
      all.add(DemoQueries.ANOMALIES);
      for (String sql : all) {
        assertThat(sql).as(sql).doesNotContainIgnoringCase("avg(p");
        run(c, sql);
      }
      String latest = run(c, DemoQueries.LATEST_PERCENTILES);
      assertThat(latest.lines()).as(latest).hasSize(8); // 4 groups x 2 components
      assertThat(latest).as("first emission and correction summed").contains("\t20\t");
    }
  }
}
