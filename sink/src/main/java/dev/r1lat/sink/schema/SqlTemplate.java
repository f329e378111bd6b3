package dev.r1lat.sink.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders one sql/ file into the statements to run. The files are plain ClickHouse SQL with {@code
 * ${NAME}} placeholders (values from {@link SchemaOptions}, never from user input) and one
 * directive: a statement preceded by a {@code -- r1lat:cluster-only} comment line is dropped for a
 * single node. Statements end with a semicolon at the end of a line.
 */
public final class SqlTemplate {
  static final String CLUSTER_ONLY = "-- r1lat:cluster-only";
  static final String REQUIRES_ACCESS_MANAGEMENT = "-- r1lat:requires-access-management";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  private SqlTemplate() {}

  public static List<String> render(String text, SchemaOptions options) {
    Map<String, String> values = options.placeholders();
    List<String> out = new ArrayList<>();
    for (String chunk : splitStatements(text)) {
      boolean clusterOnly = chunk.lines().anyMatch(l -> l.strip().equals(CLUSTER_ONLY));
      String body = stripComments(chunk);
      if (body.isEmpty() || (clusterOnly && !options.cluster())) {
        continue;
      }
      out.add(substitute(body, values));
    }
    return out;
  }

  static boolean requiresAccessManagement(String text) {
    return text.lines().anyMatch(l -> l.strip().equals(REQUIRES_ACCESS_MANAGEMENT));
  }

  private static List<String> splitStatements(String text) {
    List<String> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      current.append(line).append('\n');
      if (!line.strip().startsWith("--") && line.stripTrailing().endsWith(";")) {
        chunks.add(current.toString());
        current.setLength(0);
      }
    }
    chunks.add(current.toString());
    return chunks;
  }

  private static String stripComments(String chunk) {
    StringBuilder body = new StringBuilder();
    for (String line : chunk.split("\n")) {
      if (!line.strip().startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    String s = body.toString().strip();
    return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
  }

  private static String substitute(String sql, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("unknown placeholder ${" + m.group(1) + "} in sql/");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
