package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.ItDatabase;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shipped sql/ files, applied by the migrator to the local ClickHouse. */
@ExtendWith(RealStackExtension.class)
class MigrationsIT {

  private static List<String> tables(ItDatabase db) {
    return ClickHouseCalls.query(
            db.client,
            "SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name",
            Map.of("db", db.db()))
        .stream()
        .map(r -> r.getString("name"))
        .toList();
  }

  @Test
  void shouldCreateEveryTableViewAndRollupOfTheSchema(Endpoints endpoints) {
    try (ItDatabase db = new ItDatabase(endpoints, "migr")) {
      assertThat(tables(db))
          .contains(
              "schema_migrations",
              "request_timings",
              "latency_stats_1m",
              "latency_anomalies",
              "latency_stats_1h",
              "latency_stats_1h_mv",
              "latency_weekly",
              "latency_weekly_mv",
              "request_volume_1h",
              "request_volume_1h_mv",
              "request_volume_weekly",
              "request_volume_weekly_mv",
              "latency_over_time",
              "component_breakdown",
              "weekly_regressions",
              "tokens_per_second",
              "error_rate",
              "goodput",
              "weekly_summary");
      String ddl =
          ClickHouseCalls.query(
                  db.client,
                  "SELECT create_table_query AS q FROM system.tables"
                      + " WHERE database = {db:String} AND name = 'request_timings'",
                  Map.of("db", db.db()))
              .get(0)
              .getString("q");
      assertThat(tables(db)).doesNotContain("request_timings_v8");
      assertThat(ddl)
          .contains("PARTITION BY toDate(event_time)")
          .contains("ReplacingMergeTree")
          .contains("ORDER BY (region, tier, event_time, request_id)")
          .contains("toIntervalDay(30)")
          .contains("LowCardinality(String)")
          .contains("DateTime64(3, 'UTC')");
    }
  }

  @Test
  void shouldBeSafeToRunAgainAndApplyNothingTheSecondTime(Endpoints endpoints) {
    try (ItDatabase db = new ItDatabase(endpoints, "migr")) {
      assertThat(db.outcome.applied()).isNotEmpty();
      List<String> lines = new ArrayList<>();
      Migrator.Outcome again =
          new Migrator(db.client, SchemaOptions.singleNode(db.db()), lines::add)
              .migrate(Migrations.bundled());
      assertThat(again.applied()).isEmpty();
      assertThat(again.alreadyApplied()).containsExactlyElementsOf(db.outcome.applied());
      assertThat(db.count(db.db() + ".schema_migrations FINAL"))
          .isEqualTo(db.outcome.applied().size());
    }
  }

  @Test
  void shouldRefuseAnAppliedMigrationWhoseFileChanged(Endpoints endpoints) {
    try (ItDatabase db = new ItDatabase(endpoints, "migr")) {
      Migration original = Migrations.bundled().get(1);
      Migration edited =
          new Migration(original.version(), original.name(), original.text() + "\n-- edited\n");
      Migrator m = new Migrator(db.client, SchemaOptions.singleNode(db.db()), l -> {});
      assertThatThrownBy(() -> m.migrate(List.of(edited)))
          .isInstanceOf(Migrator.MigrationException.class)
          .hasMessageContaining(original.fileName())
          .hasMessageContaining("changed after it was applied");
    }
  }

  @Test
  void shouldApplyTheConfiguredRetention(Endpoints endpoints) {
    ClickHouseSettings ch =
        new ClickHouseSettings(endpoints.clickhouseHttpUrl(), "default", "", "migr_ttl7");
    try (Client client = ch.withDatabase("default").client()) {
      SchemaOptions o = new SchemaOptions("migr_ttl7", false, "c", 7, 90, 400, 100, "off");
      Migrator.Outcome out = new Migrator(client, o, l -> {}).migrate(Migrations.bundled());
      assertThat(out.skipped()).anyMatch(s -> s.contains("roles") && s.contains("off"));
      String ddl =
          ClickHouseCalls.query(
                  client,
                  "SELECT create_table_query AS q FROM system.tables"
                      + " WHERE database = 'migr_ttl7' AND name = 'request_timings'",
                  Map.of())
              .get(0)
              .getString("q");
      assertThat(ddl).contains("toIntervalDay(7)");
    }
  }

  /**
   * Roles where the server can hold them; otherwise the migrator must say it skipped them. The
   * local engine (clickhouse-local serving HTTP) has only the read-only users.xml storage, so here
   * the second branch runs; on a server with SQL-driven access control the first one does.
   */
  @Test
  void shouldCreateAReadOnlyAnalystRoleOrSayWhyNot(Endpoints endpoints) {
    try (ItDatabase db = new ItDatabase(endpoints, "migr")) {
      if (db.outcome.applied().stream().anyMatch(f -> f.contains("roles"))) {
        String grants =
            ClickHouseCalls.query(db.client, "SHOW GRANTS FOR r1lat_analyst", Map.of()).toString();
        assertThat(grants).contains("SELECT").doesNotContain("INSERT").doesNotContain("DROP");
      } else {
        assertThat(db.outcome.skipped())
            .singleElement()
            .asString()
            .contains("V007__roles.sql")
            .contains("cannot manage roles");
      }
    }
  }
}
