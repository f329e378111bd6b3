package dev.r1lat.anomaly.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One injected fault of a simulator run, as a ground-truth JSON line: {@code {"scenario", "kind",
 * "region", "tier", "components": [...], "startMs", "endMs"}}. Region or tier {@code *} match any;
 * an empty component list matches every component.
 */
public record GroundTruthEvent(
    String scenario,
    String kind,
    String region,
    String tier,
    List<String> components,
    long startMs,
    long endMs) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public GroundTruthEvent {
    components = List.copyOf(components);
  }

  public static GroundTruthEvent parse(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      List<String> comps = new ArrayList<>();
      n.path("components").forEach(c -> comps.add(c.asText()));
      if (!n.hasNonNull("startMs") || !n.hasNonNull("endMs")) {
        throw new IllegalArgumentException("missing startMs or endMs");
      }
      return new GroundTruthEvent(
          n.path("scenario").asText(""),
          n.path("kind").asText(""),
          n.path("region").asText("*"),
          n.path("tier").asText("*"),
          comps,
          n.get("startMs").asLong(),
          n.get("endMs").asLong());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
  }

  boolean covers(String region, String tier, String component) {
    return (this.region.equals("*") || this.region.equals(region))
        && (this.tier.equals("*") || this.tier.equals(tier))
        && (components.isEmpty() || components.contains(component));
  }
}
