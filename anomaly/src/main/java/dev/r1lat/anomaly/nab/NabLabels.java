package dev.r1lat.anomaly.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's label file ({@code combined_windows.json} shape): relative data file path to a list of
 * {@code [start, end]} windows written {@code yyyy-MM-dd HH:mm:ss.ffffff}.
 */
public final class NabLabels {
  private static final DateTimeFormatter NAB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private NabLabels() {}

  public static Map<String, List<NabWindow>> read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + " is not a JSON object of file -> windows");
    }
    Map<String, List<NabWindow>> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      List<NabWindow> windows = new ArrayList<>();
      for (JsonNode w : f.getValue()) {
        if (!w.isArray() || w.size() != 2) {
          throw new IllegalArgumentException(f.getKey() + ": a window is not [start, end]");
        }
        windows.add(new NabWindow(parse(w.get(0).asText()), parse(w.get(1).asText())));
      }
      out.put(f.getKey(), List.copyOf(windows));
    }
    return out;
  }

  static long parse(String text) {
    return LocalDateTime.parse(text.trim(), NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
