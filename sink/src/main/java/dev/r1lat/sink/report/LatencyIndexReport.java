package dev.r1lat.sink.report;

import static dev.r1lat.sink.report.SvgCharts.esc;
import static dev.r1lat.sink.report.SvgCharts.fmt;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.sink.ClickHouseCalls;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The weekly report's latency-index section, read from {@code latency_index_1h} (sql/): per tier
 * and model, successful requests' mean latency beside the latency the same work was expected to
 * take, and their ratio, so a reader can tell "the fleet got slower" (index up) from "the questions
 * got harder" (latency and tokens up, index flat).
 */
public final class LatencyIndexReport {
  /** Groups listed at most among those whose index moved most. */
  static final int MAX_MOVERS = 8;

  private LatencyIndexReport() {}

  /**
   * Sums of one group and week over the hours with a fitted baseline; observed and expected add up,
   * so any grouping's index is the ratio of its sums.
   */
  public record Sums(
      long requests,
      double e2eObservedMs,
      double e2eExpectedMs,
      double ttftObservedMs,
      double ttftExpectedMs,
      double reasoningTokens) {
    static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0);

    Sums plus(Sums o) {
      return new Sums(
          requests + o.requests,
          e2eObservedMs + o.e2eObservedMs,
          e2eExpectedMs + o.e2eExpectedMs,
          ttftObservedMs + o.ttftObservedMs,
          ttftExpectedMs + o.ttftExpectedMs,
          reasoningTokens + o.reasoningTokens);
    }

    public double e2eIndex() {
      return e2eObservedMs / e2eExpectedMs;
    }

    public double ttftIndex() {
      return ttftObservedMs / ttftExpectedMs;
    }

    public double e2eMeanMs() {
      return e2eObservedMs / requests;
    }

    public double e2eExpectedMeanMs() {
      return e2eExpectedMs / requests;
    }

    public double reasoningMean() {
      return reasoningTokens / requests;
    }
  }

  /** One group ({@code region} is {@code *} for a tier x model over all regions) in one week. */
  public record Row(String region, String tier, String model, Sums week, Sums previous) {
    public String key() {
      return region + " / " + tier + " / " + model;
    }
  }

  /** Tier x model rows (region {@code *}), then the leaf groups whose e2e index moved most. */
  public record Section(List<Row> byTierAndModel, List<Row> movers) {}

  public static Section read(Client client, String database, LocalDate week) {
    Map<String, Sums[]> leaves = new LinkedHashMap<>();
    Map<String, Sums[]> tierModel = new LinkedHashMap<>();
    for (GenericRecord r :
        ClickHouseCalls.query(
            client,
            "SELECT toString(region) AS g_region, toString(tier) AS g_tier,"
                + " toString(model) AS g_model, toString(toMonday(hour)) AS g_week,"
                + " sum(requests) AS n, sum(e2e_observed_ms) AS e2e_obs,"
                + " sum(e2e_expected_ms) AS e2e_exp, sum(ttft_observed_ms) AS ttft_obs,"
                + " sum(ttft_expected_ms) AS ttft_exp, sum(reasoning_tokens) AS rt"
                + " FROM {db:Identifier}.latency_index_1h WHERE fitted"
                + " AND hour >= toDateTime({w:Date}, 'UTC') - INTERVAL 7 DAY"
                + " AND hour < toDateTime({w:Date}, 'UTC') + INTERVAL 7 DAY"
                + " GROUP BY g_region, g_tier, g_model, g_week"
                + " ORDER BY g_tier, g_model, g_region",
            Map.of("db", database, "w", week.toString()))) {
      Sums s =
          new Sums(
              r.getLong("n"),
              r.getDouble("e2e_obs"),
              r.getDouble("e2e_exp"),
              r.getDouble("ttft_obs"),
              r.getDouble("ttft_exp"),
              r.getDouble("rt"));
      int slot = r.getString("g_week").equals(week.toString()) ? 0 : 1;
      String tm = r.getString("g_tier") + "\t" + r.getString("g_model");
      add(leaves, r.getString("g_region") + "\t" + tm, slot, s);
      add(tierModel, "*\t" + tm, slot, s);
    }
    List<Row> byTierAndModel = rows(tierModel);
    List<Row> movers =
        rows(leaves).stream()
            .sorted(Comparator.comparingDouble((Row x) -> -Math.abs(x.week().e2eIndex() - 1)))
            .limit(MAX_MOVERS)
            .toList();
    return new Section(byTierAndModel, movers);
  }

  private static void add(Map<String, Sums[]> into, String key, int slot, Sums s) {
    Sums[] pair = into.computeIfAbsent(key, k -> new Sums[] {Sums.ZERO, Sums.ZERO});
    pair[slot] = pair[slot].plus(s);
  }

  /** Groups with requests this week; the previous week is null where it had none. */
  private static List<Row> rows(Map<String, Sums[]> sums) {
    List<Row> out = new ArrayList<>();
    sums.forEach(
        (key, pair) -> {
          if (pair[0].requests() > 0) {
            String[] k = key.split("\t");
            out.add(new Row(k[0], k[1], k[2], pair[0], pair[1].requests() > 0 ? pair[1] : null));
          }
        });
    return out;
  }

  /** The section's HTML: what the index is, the tier x model table, the groups that moved most. */
  public static void render(StringBuilder h, Section s) {
    h.append("<h2>Latency index: did the fleet get slower, or the questions harder?</h2>")
        .append("<p class='note'>Successful requests served by the engine. Expected latency: a")
        .append(" least-squares fit, per region, tier and model over the 7 days before each day,")
        .append(" of e2e on prompt, reasoning and answer tokens and of TTFT on prompt tokens.")
        .append(" Index = observed / expected for the same requests: 1 = as fast as the baseline")
        .append(" for this work; above 1 = slower. Latency up with the index flat = the questions")
        .append(" got harder (see reasoning tokens).</p>");
    if (s.byTierAndModel().isEmpty()) {
      h.append("<p>No index this week: no group has a baseline (7 days before) yet.</p>");
      return;
    }
    table(h, s.byTierAndModel(), false);
    h.append("<p class='note'>Groups whose e2e index is furthest from 1 this week:</p>");
    table(h, s.movers(), true);
  }

  private static void table(StringBuilder h, List<Row> rows, boolean withRegion) {
    h.append("<table><tr>")
        .append(withRegion ? "<th>region</th>" : "")
        .append("<th>tier</th><th>model</th><th>requests</th>")
        .append("<th>e2e mean ms</th><th>Δ</th><th>expected ms</th>")
        .append("<th>e2e index</th><th>last week</th><th>TTFT index</th>")
        .append("<th>reasoning tok</th><th>Δ</th></tr>");
    for (Row r : rows) {
      Sums w = r.week();
      Sums p = r.previous();
      h.append("<tr>")
          .append(withRegion ? td(esc(r.region())) : "")
          .append(td(esc(r.tier())))
          .append(td(esc(r.model())))
          .append(td(fmt(w.requests())))
          .append(td(fmt(w.e2eMeanMs())))
          .append(td(p == null ? "" : delta(w.e2eMeanMs(), p.e2eMeanMs())))
          .append(td(fmt(w.e2eExpectedMeanMs())))
          .append(td(index(w.e2eIndex())))
          .append(td(p == null ? "" : index(p.e2eIndex())))
          .append(td(index(w.ttftIndex())))
          .append(td(fmt(w.reasoningMean())))
          .append(td(p == null ? "" : delta(w.reasoningMean(), p.reasoningMean())))
          .append("</tr>");
    }
    h.append("</table>");
  }

  private static String td(String s) {
    return "<td>" + s + "</td>";
  }

  static String index(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    String cls = v > 1.05 ? "up" : v < 0.95 ? "down" : "";
    return String.format(Locale.ROOT, "<span class='%s'>%.2f</span>", cls, v);
  }

  private static String delta(double now, double before) {
    Double c = ReportHtml.change(now, before);
    return c == null ? "" : String.format(Locale.ROOT, "%+.1f%%", c * 100);
  }
}
