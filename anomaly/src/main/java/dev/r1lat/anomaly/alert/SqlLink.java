package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.LatencyAnomaly;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The SQL that shows an anomaly's series around it (the 1-minute stats of its group and component
 * from an hour before it opened to an hour after its latest window), and a ClickHouse HTTP link
 * that runs it. {@code clickhouseUrl} blank: no link, the SQL text only.
 */
public record SqlLink(String clickhouseUrl, String database) {
  private static final long HOUR_MS = 3_600_000L;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  public String sql(LatencyAnomaly a, long openedAtMs) {
    return "SELECT window_start, count, error_count, p50, p99, p999 FROM "
        + database
        + ".latency_stats_1m WHERE region = "
        + quote(a.getRegion())
        + " AND tier = "
        + quote(a.getTier())
        + " AND component = "
        + quote(a.getComponent())
        + " AND window_start BETWEEN "
        + time(openedAtMs - HOUR_MS)
        + " AND "
        + time(a.getWindowEndMs() + HOUR_MS)
        + " ORDER BY window_start";
  }

  /** A URL that runs {@code sql} on ClickHouse's HTTP interface, or "" without a ClickHouse URL. */
  public String url(String sql) {
    if (clickhouseUrl == null || clickhouseUrl.isBlank()) {
      return "";
    }
    String base = clickhouseUrl.endsWith("/") ? clickhouseUrl : clickhouseUrl + "/";
    return base
        + "?default_format=PrettyCompactMonoBlock&query="
        + URLEncoder.encode(sql, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String time(long ms) {
    return "toDateTime64('" + TIME.format(Instant.ofEpochMilli(ms)) + "', 3, 'UTC')";
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
