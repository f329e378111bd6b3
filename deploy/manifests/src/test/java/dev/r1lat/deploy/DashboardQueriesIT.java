package dev.r1lat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every query of the shipped Grafana dashboards (panels, annotations, variables), macros expanded,
 * runs on the local ClickHouse against a database made by the shipped sql/ migrations, holding a
 * little data of every table the dashboards read. A schema change that breaks a dashboard fails
 * here.
 */
@ExtendWith(RealStackExtension.class)
class DashboardQueriesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.now();
  private static final Instant FROM = NOW.minus(Duration.ofHours(6));
  private static final List<String> REGIONS = List.of("eu-west", "us-east");
  private static final List<String> TIERS = List.of("H100", "H200");
  private static final List<String> COMPONENTS =
      List.of("e2e", "network", "queue", "preprocess", "prefill", "decode", "postprocess", "ttft");

  @Test
  void shouldRunEveryDashboardQueryOnTheMigratedSchema(Endpoints endpoints) throws IOException {
    String db = "dash_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;
    ClickHouseSettings admin =
        new ClickHouseSettings(endpoints.clickhouseHttpUrl(), "default", "", "default");
    try (Client setup = admin.client()) {
      Migrator.Outcome outcome =
          new Migrator(setup, SchemaOptions.singleNode(db), line -> {})
              .migrate(Migrations.bundled());
      assertThat(outcome.applied()).isNotEmpty();
    }
    // as Grafana's data source does: the tables by name, the database the session's default
    try (Client client = admin.withDatabase(db).client()) {
      insertData(client);
      List<String> ran = new ArrayList<>();
      for (Path file : dashboards()) {
        ran.addAll(runDashboard(client, JSON.readTree(Files.readString(file))));
      }
      assertThat(ran).hasSizeGreaterThanOrEqualTo(12);
    }
  }

  private static List<Path> dashboards() throws IOException {
    try (Stream<Path> files = Files.list(Rendered.k8sDir().resolve("base/dashboards"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** Runs the variables' queries first (their values feed the others), then every query. */
  private static List<String> runDashboard(Client client, JsonNode dashboard) {
    List<String> ran = new ArrayList<>();
    Map<String, List<String>> vars = new LinkedHashMap<>();
    String title = dashboard.get("title").asString();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      List<GenericRecord> rows = run(client, v.get("query").asString(), Map.of());
      assertThat(rows).as(title + " variable " + v.get("name").asString()).isNotEmpty();
      List<String> values = rows.stream().map(r -> r.getString(1)).toList();
      vars.put(v.get("name").asString(), v.get("multi").asBoolean() ? values : List.of("e2e"));
      ran.add(title + " $" + v.get("name").asString());
    }
    for (JsonNode a : dashboard.path("annotations").path("list")) {
      List<GenericRecord> rows = run(client, a.path("target").get("rawSql").asString(), vars);
      assertThat(rows).as(title + " annotation " + a.get("name").asString()).isNotEmpty();
      assertThat(rows.get(0).getSchema().getColumns())
          .extracting(c -> c.getColumnName())
          .contains("time", "timeEnd", "text", "tags");
      ran.add(title + " annotation " + a.get("name").asString());
    }
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        String what = title + " / " + panel.get("title").asString();
        List<GenericRecord> rows = run(client, target.get("rawSql").asString(), vars);
        assertThat(rows).as(what).isNotEmpty();
        if ("timeseries".equals(target.path("queryType").asString())) {
          assertThat(rows.get(0).getSchema().getColumns())
              .as(what)
              .extracting(c -> c.getColumnName())
              .contains("time");
        }
        ran.add(what);
      }
    }
    return ran;
  }

  private static List<GenericRecord> run(
      Client client, String sql, Map<String, List<String>> vars) {
    String expanded = GrafanaMacros.expand(sql, FROM, NOW, 60, vars);
    try {
      return ClickHouseCalls.query(client, expanded, Map.of());
    } catch (RuntimeException e) {
      throw new AssertionError("dashboard query failed: " + e.getMessage() + "\n" + expanded, e);
    }
  }

  /** A few minutes of every table the dashboards read, leaf and roll-up groups alike. */
  private static void insertData(Client client) {
    StringBuilder stats =
        new StringBuilder(
            "INSERT INTO latency_stats_1m (window_start, window_end,"
                + " region, tier, dimensions, component, count, error_count, slo_threshold_ms,"
                + " over_slo_count, p50, p90, p95, p99, p999, mean, max, sketch_keys, sketch_counts,"
                + " sketch_format) VALUES ");
    StringBuilder raw =
        new StringBuilder(
            "INSERT INTO request_timings (request_id, event_time,"
                + " region, tier, model, streaming, status, e2e_ms) VALUES ");
    List<String> statRows = new ArrayList<>();
    List<String> rawRows = new ArrayList<>();
    for (int minute = 5; minute <= 30; minute += 5) {
      long start = NOW.minus(Duration.ofMinutes(minute)).getEpochSecond();
      for (String region : List.of(REGIONS.get(0), REGIONS.get(1), "*")) {
        for (String tier : TIERS) {
          for (String component : COMPONENTS) {
            statRows.add(
                String.format(
                    "(toDateTime64(%d, 3, 'UTC'), toDateTime64(%d, 3, 'UTC'), '%s', '%s', map(), '%s',"
                        + " 10, 1, 2000, 2, 100, 200, 250, 400, 450, 150, 500, [460, 530, 600],"
                        + " [5, 4, 1], 'ddsketch')",
                    start, start + 60, region, tier, component));
          }
          if (!region.equals("*")) {
            for (String status : List.of("OK", "OK", "ERROR", "TIMEOUT")) {
              rawRows.add(
                  String.format(
                      "('%s-%s-%s-%d-%d', toDateTime64(%d, 3, 'UTC'), '%s', '%s', 'deepseek-r1',"
                          + " true, '%s', 1234.5)",
                      region,
                      tier,
                      status,
                      minute,
                      rawRows.size(),
                      start + 10,
                      region,
                      tier,
                      status));
            }
          }
        }
      }
    }
    ClickHouseCalls.execute(client, stats + String.join(", ", statRows));
    ClickHouseCalls.execute(client, raw + String.join(", ", rawRows));
    long start = NOW.minus(Duration.ofMinutes(20)).getEpochSecond();
    ClickHouseCalls.execute(
        client,
        String.format(
            "INSERT INTO latency_anomalies (anomaly_id, kind, state, region, tier, dimensions,"
                + " component, metric, observed, baseline, severity, window_start, window_end,"
                + " detected_at, reason) VALUES ('a1', 'BASELINE_REGRESSION', 'OPEN', 'eu-west',"
                + " 'H100', map(), 'ttft', 'p99', 900, 400, 'critical', toDateTime64(%d, 3, 'UTC'),"
                + " toDateTime64(%d, 3, 'UTC'), toDateTime64(%d, 3, 'UTC'), 'p99 2.2x baseline')",
            start, start + 60, start + 90));
  }
}
