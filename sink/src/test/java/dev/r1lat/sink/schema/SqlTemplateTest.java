package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.config.ConfigException;
import dev.r1lat.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SqlTemplateTest {
  private static final List<Migration> ALL = Migrations.bundled();
  private static final SchemaOptions SINGLE = SchemaOptions.singleNode("r1lat");
  private static final SchemaOptions CLUSTER = cluster("prod_cluster");

  private static List<String> all(SchemaOptions o) {
    return ALL.stream().flatMap(m -> SqlTemplate.render(m.text(), o).stream()).toList();
  }

  @Test
  void shouldBundleTheRepositorySqlFilesInVersionOrder() {
    assertThat(ALL).extracting(Migration::version).isSorted().startsWith(1, 2, 3);
    assertThat(ALL).extracting(Migration::name).contains("request_timings", "latency_stats_1m");
  }

  @Test
  void shouldLeaveNoPlaceholderAndNoClusterSyntaxInTheSingleNodeVariant() {
    List<String> sql = all(SINGLE);
    assertThat(sql).noneMatch(s -> s.contains("${"));
    assertThat(sql).noneMatch(s -> s.contains("ON CLUSTER"));
    assertThat(sql).noneMatch(s -> s.contains("Replicated") || s.contains("Distributed("));
    assertThat(sql).noneMatch(s -> s.contains("_local"));
    assertThat(String.join("\n", sql)).contains("INTERVAL 30 DAY");
  }

  @Test
  void shouldRenderEveryStatementOfTheClusterVariantOnTheCluster() {
    List<String> sql = all(CLUSTER);
    assertThat(sql).noneMatch(s -> s.contains("${"));
    Pattern ddl = Pattern.compile("^(CREATE|GRANT|DROP|EXCHANGE|ALTER)\\b");
    for (String s : sql) {
      if (ddl.matcher(s).find()) {
        assertThat(s).as(s).contains("ON CLUSTER prod_cluster");
      }
    }
    assertThat(sql).noneMatch(s -> s.matches("(?s).*ENGINE = (Aggregating|Replacing)?MergeTree.*"));
  }

  @Test
  void shouldCollapseRetriedRequestsInTheRawTableOfBothVariants() {
    assertThat(String.join("\n", all(SINGLE)))
        .contains("ENGINE = ReplacingMergeTree\nPARTITION BY toDate(event_time)")
        .contains("ORDER BY (region, tier, event_time, request_id)")
        .contains("EXCHANGE TABLES request_timings AND request_timings_v8");
    assertThat(String.join("\n", all(CLUSTER)))
        .contains("ENGINE = ReplicatedReplacingMergeTree\nPARTITION BY toDate(event_time)")
        .contains(
            "EXCHANGE TABLES request_timings_local AND request_timings_v8_local"
                + " ON CLUSTER prod_cluster")
        .contains("INSERT INTO request_timings_v8 SELECT * FROM request_timings")
        .contains("ENGINE = Distributed(prod_cluster, r1lat, request_timings_v8_local");
  }

  @Test
  void shouldPairEveryReplicatedLocalTableWithADistributedTable() {
    String sql = String.join(";\n", all(CLUSTER));
    for (String table :
        List.of(
            "request_timings",
            "latency_stats_1m",
            "latency_anomalies",
            "latency_stats_1h",
            "latency_weekly",
            "request_volume_1h",
            "request_volume_weekly")) {
      assertThat(sql)
          .contains("CREATE TABLE IF NOT EXISTS " + table + "_local ON CLUSTER prod_cluster")
          .contains(
              "CREATE TABLE IF NOT EXISTS "
                  + table
                  + " ON CLUSTER prod_cluster AS "
                  + table
                  + "_local\nENGINE = Distributed(prod_cluster, r1lat, "
                  + table
                  + "_local");
    }
    // materialized views hang off the local tables and write to local tables
    assertThat(sql)
        .contains("latency_stats_1h_mv_local ON CLUSTER prod_cluster\nTO latency_stats_1h_local")
        .contains("FROM latency_stats_1m_local")
        .contains("ReplicatedAggregatingMergeTree")
        .contains("replicated_deduplication_window = 10000");
    // views read the Distributed tables
    assertThat(sql).contains("FROM latency_stats_1h\n").contains("FROM latency_weekly\n");
  }

  @Test
  void shouldAddTheStatsV2ColumnsToTheLocalAndTheDistributedTablesOfTheCluster() {
    String sql = String.join(";\n", all(CLUSTER));
    for (String table : List.of("latency_stats_1m", "latency_stats_1h", "latency_weekly")) {
      assertThat(sql)
          .contains("ALTER TABLE " + table + "_local ON CLUSTER prod_cluster\n    ADD COLUMN")
          .contains("ALTER TABLE " + table + " ON CLUSTER prod_cluster\n    ADD COLUMN");
    }
    assertThat(String.join(";\n", all(SINGLE)))
        .doesNotContain("ALTER TABLE latency_stats_1m_local")
        .contains("ALTER TABLE latency_stats_1m ")
        .contains("ADD COLUMN IF NOT EXISTS revision UInt32");
  }

  @Test
  void shouldRenderTheConfiguredRetention() {
    SchemaOptions o = new SchemaOptions("r1lat", false, "c", 7, 90, 400, 100, "auto");
    assertThat(String.join("\n", all(o))).contains("INTERVAL 7 DAY");
  }

  @Test
  void shouldRefuseIdentifiersThatAreNotIdentifiers() {
    assertThatThrownBy(() -> SchemaOptions.singleNode("r1lat; DROP TABLE x"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> cluster("a b")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> new SchemaOptions("r1lat", false, "c", 0, 90, 400, 100, "auto"))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void shouldMarkOnlyTheRolesFileAsNeedingAccessManagement() {
    assertThat(ALL.stream().filter(Migration::requiresAccessManagement))
        .extracting(Migration::name)
        .containsExactly("roles");
  }

  @Test
  void shouldSplitStatementsAtLineEndingSemicolonsOnly() {
    String text = "-- a; comment\nCREATE VIEW v AS SELECT ';' AS s;\n\nSELECT 2;\n";
    assertThat(SqlTemplate.render(text, SINGLE))
        .containsExactly("CREATE VIEW v AS SELECT ';' AS s", "SELECT 2");
  }

  /** The cluster variant, configured the way an operator does ({@code migrate.cluster*}). */
  private static SchemaOptions cluster(String name) {
    Map<String, String> flags =
        Map.of(SchemaOptions.CLUSTER.name(), "true", SchemaOptions.CLUSTER_NAME.name(), name);
    return SchemaOptions.from(Settings.load(SchemaOptions.KEYS, null, Map.of(), flags), "r1lat");
  }
}
