package dev.r1lat.sink.report;

import static dev.r1lat.sink.report.SvgCharts.esc;
import static dev.r1lat.sink.report.SvgCharts.fmt;

import dev.r1lat.sink.report.WeeklyReport.Data;
import dev.r1lat.sink.report.WeeklyReport.GroupWeek;
import dev.r1lat.sink.report.WeeklyReport.Regression;
import dev.r1lat.sink.report.WeeklyReport.Stage;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capacity-review page: one self-contained HTML file (inline CSS and SVG, no script, no
 * external resource), so it can be mailed, archived and opened offline.
 */
public final class ReportHtml {
  private static final String CSS =
      "body{font-family:sans-serif;margin:24px;color:#111;max-width:1000px}"
          + "h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px}"
          + ".sub{color:#555;margin-top:0}"
          + "table{border-collapse:collapse;font-size:12px;width:100%}"
          + "th,td{border-bottom:1px solid #e5e7eb;padding:4px 6px;text-align:right}"
          + "th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}"
          + "tr.rollup td{background:#f3f4f6;font-weight:bold}"
          + ".up{color:#b91c1c}.down{color:#15803d}.kpis{display:flex;gap:16px}"
          + ".kpi{border:1px solid #e5e7eb;border-radius:6px;padding:10px 14px}"
          + ".kpi b{display:block;font-size:20px}.note{color:#555;font-size:12px}";

  private ReportHtml() {}

  public static String render(Data d) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>r1lat weekly ")
        .append(d.week())
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    h.append("<h1>R1 inference fleet: weekly capacity review</h1>")
        .append("<p class='sub'>Week of ")
        .append(d.week())
        .append(" (Monday to Sunday, UTC), compared with the week of ")
        .append(d.week().minusWeeks(1))
        .append(".</p>");
    if (d.current().isEmpty()) {
      return h.append("<p><b>No data for this week</b> in latency_weekly.</p></body></html>")
          .toString();
    }
    kpis(h, d);
    h.append("<h2>Per region and tier</h2>");
    table(h, d);
    charts(h, d);
    LatencyIndexReport.render(h, d.latencyIndex());
    regressions(h, d.regressions());
    h.append("<p class='note'>Latency percentiles are those of successful requests (status OK;")
        .append(" minutes written before the OK / failed split describe every request), read from")
        .append(" the merged DDSketch buckets of every minute of the week (1% relative accuracy),")
        .append(" never averaged; errors (timeouts and cancellations included) are counted beside")
        .append(" them, and all-request percentiles are in latency_week_all_requests. Goodput:")
        .append(" share of requests that succeeded and met every latency SLO of their class.")
        .append(" Tokens: prompt and output (reasoning + answer) from the raw events. Rows with *")
        .append(" are roll-ups over all regions or tiers.</p>");
    return h.append("</body></html>").toString();
  }

  private static GroupWeek fleet(List<GroupWeek> groups) {
    return groups.stream()
        .filter(g -> g.region().equals("*") && g.tier().equals("*"))
        .findFirst()
        .orElseGet(() -> groups.get(0));
  }

  private static void kpis(StringBuilder h, Data d) {
    GroupWeek f = fleet(d.current());
    GroupWeek p = d.previous().get(f.key());
    h.append("<div class='kpis'>");
    kpi(
        h,
        "requests (" + f.key() + ")",
        fmt(f.requests()),
        p == null ? null : change(f.requests(), p.requests()));
    kpi(
        h,
        "output tokens",
        fmt(f.outputTokens()),
        p == null ? null : change(f.outputTokens(), p.outputTokens()));
    kpi(h, "e2e p99", fmt(f.e2eP99()) + " ms", p == null ? null : change(f.e2eP99(), p.e2eP99()));
    kpi(
        h,
        "TTFT p99",
        fmt(f.ttftP99()) + " ms",
        p == null ? null : change(f.ttftP99(), p.ttftP99()));
    kpi(h, "goodput", pct(f.goodput()), null);
    h.append("</div>");
  }

  private static void kpi(StringBuilder h, String label, String value, Double change) {
    h.append("<div class='kpi'>").append(esc(label)).append("<b>").append(value).append("</b>");
    if (change != null) {
      h.append(delta(change)).append(" vs last week");
    }
    h.append("</div>");
  }

  private static void table(StringBuilder h, Data d) {
    h.append("<table><tr><th>region</th><th>tier</th><th>requests</th><th>Δ</th>")
        .append("<th>prompt tok</th><th>output tok</th><th>Δ</th>")
        .append("<th>e2e p50 ms</th><th>e2e p99 ms</th><th>Δ p99</th>")
        .append("<th>TTFT p50 ms</th><th>TTFT p99 ms</th><th>Δ p99</th>")
        .append("<th>goodput</th><th>errors</th></tr>");
    for (GroupWeek g : d.current()) {
      GroupWeek p = d.previous().get(g.key());
      h.append(g.isLeaf() ? "<tr>" : "<tr class='rollup'>")
          .append(td(esc(g.region())))
          .append(td(esc(g.tier())))
          .append(td(fmt(g.requests())))
          .append(td(p == null ? "new" : delta(change(g.requests(), p.requests()))))
          .append(td(fmt(g.promptTokens())))
          .append(td(fmt(g.outputTokens())))
          .append(td(p == null ? "" : delta(change(g.outputTokens(), p.outputTokens()))))
          .append(td(fmt(g.e2eP50())))
          .append(td(fmt(g.e2eP99())))
          .append(td(p == null ? "" : delta(change(g.e2eP99(), p.e2eP99()))))
          .append(td(fmt(g.ttftP50())))
          .append(td(fmt(g.ttftP99())))
          .append(td(p == null ? "" : delta(change(g.ttftP99(), p.ttftP99()))))
          .append(td(pct(g.goodput())))
          .append(td(g.requests() == 0 ? "" : pct((double) g.errors() / g.requests())))
          .append("</tr>");
    }
    h.append("</table>");
  }

  private static void charts(StringBuilder h, Data d) {
    List<GroupWeek> charted = WeeklyReport.charted(d.current());
    List<String> labels = charted.stream().map(GroupWeek::key).toList();
    h.append("<h2>Volume</h2>")
        .append(
            SvgCharts.bars(
                "Requests this week",
                labels,
                charted.stream().map(g -> (double) g.requests()).toList(),
                ""))
        .append(
            SvgCharts.bars(
                "Output tokens this week",
                labels,
                charted.stream().map(g -> (double) g.outputTokens()).toList(),
                ""));
    List<Double> prev = new ArrayList<>();
    charted.forEach(
        g ->
            prev.add(
                d.previous().containsKey(g.key())
                    ? d.previous().get(g.key()).e2eP99()
                    : Double.NaN));
    h.append("<h2>Latency</h2>")
        .append(
            SvgCharts.pairedBars(
                "e2e p99 (ms), this week vs last",
                labels,
                prev,
                charted.stream().map(GroupWeek::e2eP99).toList(),
                " ms"))
        .append(
            SvgCharts.lines(
                "Hourly e2e p99 (ms)",
                d.week().atStartOfDay(ZoneOffset.UTC).toInstant(),
                d.hourlyE2eP99(),
                ""));
    if (!d.stages().isEmpty()) {
      List<String> comps = d.stages().stream().map(Stage::component).distinct().sorted().toList();
      List<String> groups = d.stages().stream().map(Stage::group).distinct().toList();
      double[][] v = new double[groups.size()][comps.size()];
      for (Stage s : d.stages()) {
        v[groups.indexOf(s.group())][comps.indexOf(s.component())] = s.meanMs();
      }
      h.append(
          SvgCharts.stacked("Where e2e time goes: mean ms per stage", groups, comps, v, " ms"));
    }
  }

  private static void regressions(StringBuilder h, List<Regression> rs) {
    h.append("<h2>Top week-over-week regressions (p99)</h2>");
    if (rs.isEmpty()) {
      h.append("<p>No group or component got slower at p99 (with at least 100 requests).</p>");
      return;
    }
    h.append("<table><tr><th>region</th><th>tier</th><th>component</th><th>requests</th>")
        .append(
            "<th>p50 ms</th><th>last week</th><th>p99 ms</th><th>last week</th><th>Δ p99</th></tr>");
    for (Regression r : rs) {
      h.append("<tr>")
          .append(td(esc(r.region())))
          .append(td(esc(r.tier())))
          .append(td(esc(r.component())).replace("text-align:right", ""))
          .append(td(fmt(r.requests())))
          .append(td(fmt(r.p50())))
          .append(td(fmt(r.prevP50())))
          .append(td(fmt(r.p99())))
          .append(td(fmt(r.prevP99())))
          .append(td(delta(r.p99Change())))
          .append("</tr>");
    }
    h.append("</table>");
  }

  private static String td(String s) {
    return "<td>" + s + "</td>";
  }

  static Double change(double now, double before) {
    return before == 0 || !Double.isFinite(before) ? null : now / before - 1;
  }

  private static String delta(Double change) {
    if (change == null || !Double.isFinite(change)) {
      return "";
    }
    String cls = change > 0.005 ? "up" : change < -0.005 ? "down" : "";
    return String.format(Locale.ROOT, "<span class='%s'>%+.1f%%</span>", cls, change * 100);
  }

  private static String pct(double share) {
    return share < 0 || !Double.isFinite(share)
        ? "n/a"
        : String.format(Locale.ROOT, "%.2f%%", share * 100);
  }
}
