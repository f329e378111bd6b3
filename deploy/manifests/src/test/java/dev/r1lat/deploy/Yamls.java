package dev.r1lat.deploy;

import java.util.List;
import java.util.Map;

/** Dotted-path reads of parsed YAML (maps and lists), for readable assertions. */
public final class Yamls {
  private Yamls() {}

  public static Object at(Object node, String path) {
    Object cur = node;
    for (String part : path.split("\\.")) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(part);
    }
    return cur;
  }

  public static String str(Object node, String path) {
    Object v = at(node, path);
    return v == null ? null : v.toString();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node, String path) {
    Object v = at(node, path);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> list(Object node, String path) {
    Object v = at(node, path);
    return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  public static List<String> strings(Object node, String path) {
    Object v = at(node, path);
    return v instanceof List<?> l
        ? ((List<Object>) l).stream().map(String::valueOf).toList()
        : List.of();
  }
}
