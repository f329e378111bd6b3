package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V008 on a database that already holds raw events (the upgrade path): every row survives the
 * engine change, a retried request is stored once (FINAL / uniqExact), the rollups are not counted
 * twice by the copy, and the recreated materialized views keep feeding them from the new table.
 */
@ExtendWith(RealStackExtension.class)
class RawDedupMigrationIT {
  private static final String DB = "migr_v8_" + ProcessHandle.current().pid();

  /** A fixed event time base: a retry carries the very event time of its first attempt. */
  private static final long BASE_MS = (System.currentTimeMillis() / 60_000 - 24 * 60) * 60_000;

  private static long one(Client c, String sql) {
    return ClickHouseCalls.query(c, sql.replace("DB.", DB + "."), Map.of()).get(0).getLong("n");
  }

  /** {@code n} requests per insert; request ids from {@code first}, one minute apart. */
  private static void insertRequests(Client c, int first, int n) {
    ClickHouseCalls.execute(
        c,
        "INSERT INTO "
            + DB
            + ".request_timings (request_id, event_time, region, tier, model, streaming, status,"
            + " e2e_ms) SELECT concat('req-', toString(number + "
            + first
            + ")), fromUnixTimestamp64Milli(toInt64("
            + BASE_MS
            + " + 60000 * (number + "
            + first
            + ")), 'UTC'), 'eu', 'H100', 'm', true, 'OK', 100 FROM numbers("
            + n
            + ")");
  }

  @Test
  void shouldKeepEveryRowCollapseRetriesAndKeepTheRollupsFedAfterTheUpgrade(Endpoints e) {
    ClickHouseSettings ch = new ClickHouseSettings(e.clickhouseHttpUrl(), "default", "", DB);
    try (Client c = ch.withDatabase("default").client()) {
      SchemaOptions o = new SchemaOptions(DB, false, "c", 30, 90, 400, 100, "off");
      List<Migration> all = Migrations.bundled();
      new Migrator(c, o, l -> {}).migrate(all.stream().filter(m -> m.version() < 8).toList());
      insertRequests(c, 0, 100);
      insertRequests(c, 0, 10); // ten retries of requests 0..9: the old table keeps both copies
      assertThat(one(c, "SELECT count() AS n FROM DB.request_timings")).isEqualTo(110);
      assertThat(one(c, "SELECT sum(requests) AS n FROM DB.request_volume_1h")).isEqualTo(110);

      Migrator.Outcome out =
          new Migrator(c, o, l -> {}).migrate(all.stream().filter(m -> m.version() <= 8).toList());
      assertThat(out.applied()).containsExactly("V008__request_timings_replacing.sql");

      assertThat(one(c, "SELECT count() AS n FROM DB.request_timings FINAL")).isEqualTo(100);
      assertThat(one(c, "SELECT uniqExact(request_id) AS n FROM DB.request_timings"))
          .isEqualTo(100);
      assertThat(one(c, "SELECT sum(requests) AS n FROM DB.request_volume_1h"))
          .as("the copy does not feed the rollups again")
          .isEqualTo(110);
      insertRequests(c, 100, 5);
      insertRequests(c, 100, 5); // retried again after the upgrade
      assertThat(one(c, "SELECT count() AS n FROM DB.request_timings FINAL")).isEqualTo(105);
      assertThat(one(c, "SELECT sum(requests) AS n FROM DB.request_volume_1h"))
          .as("the views fire on the new table")
          .isEqualTo(120);
      assertThat(
              one(
                  c,
                  "SELECT count() AS n FROM system.tables WHERE database = '"
                      + DB
                      + "' AND name LIKE 'request_timings_v8%'"))
          .isZero();
    }
  }
}
