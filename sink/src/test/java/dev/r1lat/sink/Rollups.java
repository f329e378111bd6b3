package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user reads from the rollups, as text from one ClickHouse (HTTP, TSV), so a cluster and a
 * single node can be compared query by query. Numbers compare with a relative tolerance: a sum of
 * floats (mean * count) depends on the order shards deliver partial sums in; percentiles of merged
 * sketches sum integer bucket counts and come out equal.
 */
final class Rollups {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final double RELATIVE = 1e-9;

  /** The rollup tables read the way the views and the weekly report read them. */
  static final List<String> QUERIES =
      List.of(
          "SELECT count(), uniqExact(request_id) FROM request_timings",
          "SELECT count(), sum(count) FROM latency_stats_1m",
          "SELECT hour, region, tier, dims, component, sum(windows), sum(total_count),"
              + " sum(total_errors), sum(over_slo), max(max_ms),"
              + " r1lat_quantile(sumMapMerge(sketch), 0.5), r1lat_quantile(sumMapMerge(sketch), 0.99)"
              + " FROM latency_stats_1h GROUP BY ALL ORDER BY ALL",
          "SELECT week, region, tier, dims, component, sum(windows), sum(total_count),"
              + " sum(sum_ms) / sum(total_count), r1lat_quantile(sumMapMerge(sketch), 0.5),"
              + " r1lat_quantile(sumMapMerge(sketch), 0.99), r1lat_quantile(sumMapMerge(sketch), 0.999)"
              + " FROM latency_weekly GROUP BY ALL ORDER BY ALL",
          "SELECT hour, region, tier, model, sum(requests), sum(errors), sum(prompt_tokens),"
              + " sum(output_tokens), sum(decode_time_ms), uniqMerge(servers)"
              + " FROM request_volume_1h GROUP BY ALL ORDER BY ALL",
          "SELECT week, region, tier, model, sum(requests), sum(errors), sum(output_tokens)"
              + " FROM request_volume_weekly GROUP BY ALL ORDER BY ALL");

  private Rollups() {}

  /** The views of {@code db} (V006, V010, V011), by name. */
  static List<String> views(String url, String db) {
    String names =
        tsv(
            url,
            db,
            "SELECT name FROM system.tables WHERE database = currentDatabase()"
                + " AND engine = 'View' ORDER BY name");
    return names.isBlank() ? List.of() : List.of(names.strip().split("\n"));
  }

  static String view(String url, String db, String view) {
    return tsv(url, db, "SELECT * FROM " + view + " ORDER BY ALL");
  }

  /** One query's result as TSV; throws with ClickHouse's message. */
  static String tsv(String url, String db, String sql) {
    try {
      URI uri =
          URI.create(
              url
                  + "/?default_format=TSV&database="
                  + URLEncoder.encode(db, StandardCharsets.UTF_8));
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(sql))
              .build();
      HttpResponse<String> res = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new IllegalStateException(url + ": " + res.body().strip() + "\n  query: " + sql);
      }
      return res.body();
    } catch (IOException e) {
      throw new IllegalStateException(url + " does not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Same text, except numbers that differ by at most the relative tolerance. */
  static void assertSame(String what, String expected, String actual) {
    List<String> e = tokens(expected);
    List<String> a = tokens(actual);
    assertThat(a)
        .as(what + ": token count\nexpected:\n" + expected + "\nactual:\n" + actual)
        .hasSameSizeAs(e);
    for (int i = 0; i < e.size(); i++) {
      if (!e.get(i).equals(a.get(i)) && !close(e.get(i), a.get(i))) {
        throw new AssertionError(
            what
                + ": '"
                + a.get(i)
                + "' where the single node has '"
                + e.get(i)
                + "'\nexpected:\n"
                + expected
                + "\nactual:\n"
                + actual);
      }
    }
  }

  /** Numbers and the text between them, in order. */
  static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(s);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        out.add(s.substring(at, m.start()));
      }
      out.add(m.group());
      at = m.end();
    }
    if (at < s.length()) {
      out.add(s.substring(at));
    }
    return out;
  }

  private static boolean close(String x, String y) {
    if (!NUMBER.matcher(x).matches() || !NUMBER.matcher(y).matches()) {
      return false;
    }
    double a = Double.parseDouble(x);
    double b = Double.parseDouble(y);
    return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
  }
}
