package dev.r1lat.anomaly;

import dev.r1lat.schema.LatencyWindowStats;
import java.util.Map;
import java.util.TreeMap;

/**
 * One detected series: a group (region, tier, further dimensions) and one latency component. The
 * detector keeps one {@link DetectorState} per series.
 */
public record SeriesKey(
    String region, String tier, Map<String, String> dimensions, String component) {

  public SeriesKey {
    dimensions = Map.copyOf(dimensions);
  }

  public static SeriesKey of(String region, String tier, String component) {
    return new SeriesKey(region, tier, Map.of(), component);
  }

  public static SeriesKey of(LatencyWindowStats stats) {
    return new SeriesKey(
        stats.getRegion(), stats.getTier(), stats.getDimensions(), stats.getComponent());
  }

  /** The group as text, e.g. {@code eu-west/H100} or {@code eu-west/H100{model=r1}}. */
  public String groupLabel() {
    String base = region + "/" + tier;
    return dimensions.isEmpty() ? base : base + new TreeMap<>(dimensions);
  }

  /** A canonical identity (sorted dimensions), used in anomaly ids so they are deterministic. */
  public String canonical() {
    return groupLabel() + "#" + component;
  }
}
