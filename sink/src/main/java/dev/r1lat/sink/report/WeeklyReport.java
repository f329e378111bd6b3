package dev.r1lat.sink.report;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.sink.ClickHouseCalls;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the capacity-review figures of one ISO week (Monday to Sunday, UTC) and the week before
 * from the weekly rollups and views of sql/. Every percentile is read from merged sketches.
 */
public final class WeeklyReport {
  /** Groups charted at most (by requests), so a chart stays readable. */
  static final int MAX_CHARTED_GROUPS = 8;

  private final Client client;
  private final String database;

  public WeeklyReport(Client client, String database) {
    this.client = client;
    this.database = database;
  }

  /** One region x tier in one week ('*' = rolled up). Negative goodput = no SLO configured. */
  public record GroupWeek(
      String region,
      String tier,
      long requests,
      long errors,
      double goodput,
      double e2eP50,
      double e2eP99,
      double ttftP50,
      double ttftP99,
      long promptTokens,
      long outputTokens) {
    public String key() {
      return region + " / " + tier;
    }

    public boolean isLeaf() {
      return !region.equals("*") && !tier.equals("*");
    }
  }

  public record Regression(
      String region,
      String tier,
      String component,
      long requests,
      double p50,
      double prevP50,
      double p99,
      double prevP99,
      double p99Change) {}

  public record Series(String label, List<Instant> hours, List<Double> values) {}

  public record Stage(String group, String component, double meanMs) {}

  public record Data(
      LocalDate week,
      List<GroupWeek> current,
      Map<String, GroupWeek> previous,
      List<Regression> regressions,
      List<Series> hourlyE2eP99,
      List<Stage> stages,
      LatencyIndexReport.Section latencyIndex) {}

  /** Monday of the ISO week containing {@code day}. */
  public static LocalDate weekOf(LocalDate day) {
    return day.with(DayOfWeek.MONDAY);
  }

  public Data read(LocalDate anyDayOfWeek) {
    LocalDate week = weekOf(anyDayOfWeek);
    List<GroupWeek> current = summary(week);
    Map<String, GroupWeek> previous = new HashMap<>();
    summary(week.minusWeeks(1)).forEach(g -> previous.put(g.key(), g));
    return new Data(
        week,
        current,
        previous,
        regressions(week),
        hourly(week, current),
        stages(week, current),
        LatencyIndexReport.read(client, database, week));
  }

  private Map<String, Object> params(LocalDate week) {
    return Map.of("db", database, "w", week.toString());
  }

  private List<GroupWeek> summary(LocalDate week) {
    List<GroupWeek> out = new ArrayList<>();
    for (GenericRecord r :
        ClickHouseCalls.query(
            client,
            "SELECT region, tier, requests, errors, ifNull(goodput, -1) AS gp, e2e_p50_ms,"
                + " e2e_p99_ms, ttft_p50_ms, ttft_p99_ms, prompt_tokens, output_tokens"
                + " FROM {db:Identifier}.weekly_summary WHERE week = {w:Date}"
                + " ORDER BY region = '*', tier = '*', requests DESC",
            params(week))) {
      out.add(
          new GroupWeek(
              r.getString("region"),
              r.getString("tier"),
              r.getLong("requests"),
              r.getLong("errors"),
              r.getDouble("gp"),
              r.getDouble("e2e_p50_ms"),
              r.getDouble("e2e_p99_ms"),
              r.getDouble("ttft_p50_ms"),
              r.getDouble("ttft_p99_ms"),
              r.getLong("prompt_tokens"),
              r.getLong("output_tokens")));
    }
    return out;
  }

  private List<Regression> regressions(LocalDate week) {
    List<Regression> out = new ArrayList<>();
    for (GenericRecord r :
        ClickHouseCalls.query(
            client,
            "SELECT region, tier, component, requests, p50_ms, prev_p50_ms, p99_ms, prev_p99_ms,"
                + " p99_change FROM {db:Identifier}.weekly_regressions"
                + " WHERE week = {w:Date} AND requests >= 100 AND isFinite(p99_change)"
                + " AND p99_change > 0 ORDER BY p99_change DESC LIMIT 10",
            params(week))) {
      out.add(
          new Regression(
              r.getString("region"),
              r.getString("tier"),
              r.getString("component"),
              r.getLong("requests"),
              r.getDouble("p50_ms"),
              r.getDouble("prev_p50_ms"),
              r.getDouble("p99_ms"),
              r.getDouble("prev_p99_ms"),
              r.getDouble("p99_change")));
    }
    return out;
  }

  /** Leaf groups charted: the busiest ones, or the roll-ups if there are no leaves. */
  static List<GroupWeek> charted(List<GroupWeek> current) {
    List<GroupWeek> leaves = current.stream().filter(GroupWeek::isLeaf).toList();
    List<GroupWeek> pick = leaves.isEmpty() ? current : leaves;
    return pick.stream()
        .sorted((a, b) -> Long.compare(b.requests(), a.requests()))
        .limit(MAX_CHARTED_GROUPS)
        .toList();
  }

  private List<Series> hourly(LocalDate week, List<GroupWeek> current) {
    Map<String, Series> byGroup = new LinkedHashMap<>();
    for (GroupWeek g : charted(current)) {
      byGroup.put(g.key(), new Series(g.key(), new ArrayList<>(), new ArrayList<>()));
    }
    for (GenericRecord r :
        ClickHouseCalls.query(
            client,
            "SELECT toUnixTimestamp(hour) AS h, region, tier,"
                + " r1lat_quantile(sumMapMerge(sketch), 0.99) AS p99"
                + " FROM {db:Identifier}.latency_stats_1h WHERE component = 'e2e'"
                + " AND hour >= toDateTime({w:Date}, 'UTC')"
                + " AND hour < toDateTime({w:Date}, 'UTC') + INTERVAL 7 DAY"
                + " GROUP BY h, region, tier ORDER BY h",
            params(week))) {
      Series s = byGroup.get(r.getString("region") + " / " + r.getString("tier"));
      if (s != null) {
        s.hours().add(Instant.ofEpochSecond(r.getLong("h")));
        s.values().add(r.getDouble("p99"));
      }
    }
    return List.copyOf(byGroup.values());
  }

  private List<Stage> stages(LocalDate week, List<GroupWeek> current) {
    List<String> groups = charted(current).stream().map(GroupWeek::key).toList();
    List<Stage> out = new ArrayList<>();
    for (GenericRecord r :
        ClickHouseCalls.query(
            client,
            "SELECT region, tier, component, mean_ms FROM {db:Identifier}.component_breakdown"
                + " WHERE week = {w:Date} AND is_stage ORDER BY region, tier, component",
            params(week))) {
      String group = r.getString("region") + " / " + r.getString("tier");
      if (groups.contains(group)) {
        out.add(new Stage(group, r.getString("component"), r.getDouble("mean_ms")));
      }
    }
    return out;
  }
}
