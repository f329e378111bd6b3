package dev.r1lat.anomaly.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One injected fault of a simulator run, as a ground-truth JSON line: {@code {"scenario", "kind",
 * "region", "tier", "components": [...], "startMs", "endMs"}}. Region or tier {@code *} is every
 * one; an empty component list matches every component.
 */
public record GroundTruthEvent(
    String scenario,
    String kind,
    String region,
    String tier,
    List<String> components,
    long startMs,
    long endMs) {

  /** Any region or tier. */
  public static final String ANY = "*";

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

  /**
   * Whether an anomaly about this group and component can be this fault: the two groups share
   * traffic (equal, or either is {@code *} on that dimension: a roll-up containing the faulty
   * group, or one faulty group of a region-wide fault) and the component is one the fault moves.
   */
  boolean covers(String region, String tier, String component) {
    return overlaps(this.region, region)
        && overlaps(this.tier, tier)
        && (components.isEmpty() || components.contains(component));
  }

  private static boolean overlaps(String a, String b) {
    return a.equals(ANY) || b.equals(ANY) || a.equals(b);
  }

  /** e.g. {@code gpu-degradation us-east/H100}. */
  public String label() {
    return scenario + " " + region + "/" + tier;
  }
}
