package dev.r1lat.ingest.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.schema.AnomalyKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ground-truth file of a simulation run: one JSON object per line, one line per injected fault.
 *
 * <pre>{@code
 * {"scenario":"gpu-degradation","kind":"BASELINE_REGRESSION","region":"us-east","tier":"H100",
 *  "components":["prefill","decode",...],"startMs":...,"endMs":...,"magnitude":2.5,
 *  "description":"..."}
 * }</pre>
 *
 * {@code tier} is {@code *} for a region-wide fault; {@code [startMs, endMs)} is in event time.
 * Readers ignore fields they do not know.
 */
public final class GroundTruth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GroundTruth() {}

  /** One injected fault, as an anomaly detector should report it. */
  public record Entry(
      String scenario,
      AnomalyKind kind,
      String region,
      String tier,
      List<String> components,
      long startMs,
      long endMs,
      double magnitude,
      String description) {
    public Entry {
      components = List.copyOf(components);
    }

    /** Whether this fault covers the group (tier {@code *} covers every tier) at that time. */
    public boolean covers(String r, String t, long epochMs) {
      return region.equals(r)
          && (Fault.ANY.equals(tier) || Fault.ANY.equals(t) || tier.equals(t))
          && epochMs >= startMs
          && epochMs < endMs;
    }

    public String toJson() {
      ObjectNode o = JSON.createObjectNode();
      o.put("scenario", scenario);
      o.put("kind", kind.name());
      o.put("region", region);
      o.put("tier", tier);
      var array = o.putArray("components");
      components.forEach(array::add);
      o.put("startMs", startMs);
      o.put("endMs", endMs);
      o.put("magnitude", magnitude);
      o.put("description", description);
      return o.toString();
    }

    public static Entry fromJson(String line) {
      try {
        JsonNode n = JSON.readTree(line);
        List<String> components = new ArrayList<>();
        n.path("components").forEach(c -> components.add(c.asText()));
        return new Entry(
            required(n, "scenario").asText(),
            AnomalyKind.valueOf(required(n, "kind").asText()),
            required(n, "region").asText(),
            n.path("tier").asText(Fault.ANY),
            components,
            required(n, "startMs").asLong(),
            required(n, "endMs").asLong(),
            n.path("magnitude").asDouble(0),
            n.path("description").asText(""));
      } catch (IOException e) {
        throw new IllegalArgumentException("not a ground-truth line: " + e.getMessage(), e);
      }
    }

    private static JsonNode required(JsonNode n, String field) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        throw new IllegalArgumentException("ground-truth line lacks '" + field + "'");
      }
      return v;
    }
  }

  public static List<Entry> read(Path file) {
    try {
      List<Entry> out = new ArrayList<>();
      int lineNo = 0;
      for (String line : Files.readAllLines(file)) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(Entry.fromJson(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ground truth " + file, e);
    }
  }

  public static void write(Path file, List<Entry> entries) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter w = Files.newBufferedWriter(file)) {
        for (Entry e : entries) {
          w.write(e.toJson());
          w.newLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ground truth " + file, e);
    }
  }
}
