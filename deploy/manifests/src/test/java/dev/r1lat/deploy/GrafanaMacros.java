package dev.r1lat.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The macros and variables of grafana-clickhouse-datasource queries, expanded the way the plugin
 * expands them ({@code $__timeFilter(col)} to {@code col >= toDateTime(FROM) AND col <=
 * toDateTime(TO)}, {@code $__interval_s} to the panel interval in seconds) and Grafana substitutes
 * dashboard variables ({@code ${name}}, {@code ${name:singlequote}}). Anything left that looks like
 * a macro or variable fails: a query must not reach ClickHouse half expanded.
 */
public final class GrafanaMacros {
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}");
  private static final Pattern LEFT = Pattern.compile("\\$(__\\w+|\\{[^}]*}|[A-Za-z_]\\w*)");

  private GrafanaMacros() {}

  public static String expand(
      String sql, Instant from, Instant to, int intervalSeconds, Map<String, List<String>> vars) {
    String out =
        TIME_FILTER
            .matcher(sql)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        m.group(1).trim()
                            + " >= toDateTime("
                            + from.getEpochSecond()
                            + ") AND "
                            + m.group(1).trim()
                            + " <= toDateTime("
                            + to.getEpochSecond()
                            + ")"));
    out = out.replace("$__fromTime", "toDateTime(" + from.getEpochSecond() + ")");
    out = out.replace("$__toTime", "toDateTime(" + to.getEpochSecond() + ")");
    out = out.replace("$__interval_s", Integer.toString(intervalSeconds));
    out =
        VARIABLE
            .matcher(out)
            .replaceAll(
                m -> {
                  List<String> values = vars.get(m.group(1));
                  if (values == null) {
                    throw new IllegalArgumentException("no dashboard variable " + m.group());
                  }
                  String joined =
                      "singlequote".equals(m.group(2))
                          ? values.stream()
                              .map(v -> "'" + v.replace("'", "\\'") + "'")
                              .collect(Collectors.joining(","))
                          : String.join(",", values);
                  return Matcher.quoteReplacement(joined);
                });
    Matcher left = LEFT.matcher(out);
    if (left.find()) {
      throw new IllegalArgumentException("unexpanded " + left.group() + " in: " + sql);
    }
    return out;
  }
}
