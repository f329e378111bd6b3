package dev.r1lat.sink.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The columns each table has after a sequence of DDL statements, worked out from the statements
 * alone (no server): CREATE TABLE with a column list or {@code AS other}, DROP, RENAME, EXCHANGE
 * and ALTER TABLE ADD / DROP / MODIFY / RENAME COLUMN. Enough for the shipped sql/ files; a
 * statement on a table it cannot read fails the test rather than being skipped.
 */
final class TableColumns {
  private static final Pattern CREATE =
      Pattern.compile("(?is)^CREATE TABLE (IF NOT EXISTS )?(\\S+)\\s*(.*)$");
  private static final Pattern DROP = Pattern.compile("(?is)^DROP TABLE (IF EXISTS )?(\\S+).*$");
  private static final Pattern EXCHANGE =
      Pattern.compile("(?is)^EXCHANGE TABLES (\\S+) AND (\\S+).*$");
  private static final Pattern RENAME = Pattern.compile("(?is)^RENAME TABLE (\\S+) TO (\\S+).*$");
  private static final Pattern ALTER = Pattern.compile("(?is)^ALTER TABLE (\\S+)\\s+(.*)$");
  private static final Pattern ACTION =
      Pattern.compile(
          "(?is)^(ADD|DROP|MODIFY|RENAME) COLUMN (IF (?:NOT )?EXISTS )?(\\S+)\\s*(.*)$");

  private final Map<String, Map<String, String>> tables = new HashMap<>();

  /** Applies the statements in order. */
  static TableColumns after(List<String> statements) {
    TableColumns t = new TableColumns();
    statements.forEach(s -> t.apply(s.strip()));
    return t;
  }

  /** Column name to type, LowCardinality(T) read as T (the type the sink sends); null if none. */
  Map<String, String> of(String table) {
    Map<String, String> cols = tables.get(table);
    if (cols == null) {
      return null;
    }
    Map<String, String> plain = new LinkedHashMap<>();
    cols.forEach((name, type) -> plain.put(name, withoutLowCardinality(type)));
    return plain;
  }

  private void apply(String sql) {
    Matcher m;
    if ((m = CREATE.matcher(sql)).matches()) {
      create(m.group(2), m.group(1) != null, m.group(3));
    } else if ((m = DROP.matcher(sql)).matches()) {
      tables.remove(m.group(2));
    } else if ((m = EXCHANGE.matcher(sql)).matches()) {
      Map<String, String> a = tables.get(m.group(1));
      tables.put(m.group(1), tables.get(m.group(2)));
      tables.put(m.group(2), a);
    } else if ((m = RENAME.matcher(sql)).matches()) {
      tables.put(m.group(2), tables.remove(m.group(1)));
    } else if ((m = ALTER.matcher(sql)).matches() && tables.containsKey(m.group(1))) {
      for (String action : topLevel(m.group(2), ',')) {
        alter(m.group(1), tables.get(m.group(1)), action.strip());
      }
    }
  }

  private void create(String name, boolean ifNotExists, String rest) {
    if (ifNotExists && tables.containsKey(name)) {
      return;
    }
    if (rest.startsWith("(")) {
      Map<String, String> cols = new LinkedHashMap<>();
      for (String def : topLevel(rest.substring(1, closing(rest)), ',')) {
        List<String> words = topLevel(def.strip(), ' ');
        String first = words.get(0).toUpperCase(Locale.ROOT);
        if (!List.of("INDEX", "PROJECTION", "CONSTRAINT").contains(first)) {
          cols.put(words.get(0), words.get(1));
        }
      }
      tables.put(name, cols);
    } else if (rest.regionMatches(true, 0, "AS ", 0, 3)) {
      String source = rest.substring(3).strip().split("\\s+")[0];
      tables.put(name, new LinkedHashMap<>(tables.get(source)));
    }
  }

  private static void alter(String table, Map<String, String> cols, String action) {
    Matcher m = ACTION.matcher(action);
    if (!m.matches()) {
      return; // not a column change (e.g. MODIFY TTL)
    }
    String column = m.group(3);
    List<String> rest = topLevel(m.group(4).strip(), ' ');
    switch (m.group(1).toUpperCase(Locale.ROOT)) {
      case "ADD" -> cols.putIfAbsent(column, rest.get(0));
      case "DROP" -> cols.remove(column);
      case "MODIFY" -> cols.computeIfPresent(column, (k, v) -> rest.get(0));
      default -> cols.put(rest.get(1), cols.remove(column)); // RENAME c TO d
    }
    if (cols.containsValue(null)) {
      throw new IllegalStateException(table + ": cannot follow " + action);
    }
  }

  private static String withoutLowCardinality(String type) {
    String prefix = "LowCardinality(";
    return type.startsWith(prefix) ? type.substring(prefix.length(), type.length() - 1) : type;
  }

  /** Index of the parenthesis closing the one at 0. */
  private static int closing(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses: " + s);
  }

  /** Splits at {@code sep} outside parentheses and quotes; drops empty parts. */
  private static List<String> topLevel(String s, char sep) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder cur = new StringBuilder();
    for (char c : s.toCharArray()) {
      quoted ^= c == '\'';
      depth += quoted ? 0 : c == '(' ? 1 : c == ')' ? -1 : 0;
      boolean split = !quoted && depth == 0 && (c == sep || (sep == ' ' && c == '\n'));
      if (split) {
        add(parts, cur);
      } else {
        cur.append(c);
      }
    }
    add(parts, cur);
    return parts;
  }

  private static void add(List<String> parts, StringBuilder cur) {
    if (!cur.toString().isBlank()) {
      parts.add(cur.toString().strip());
    }
    cur.setLength(0);
  }
}
