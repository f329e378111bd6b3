package dev.r1lat.anomaly;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Absolute latency limits per hardware tier, component and percentile, written {@code
 * tier.component.metric=ms} and comma separated, e.g. {@code H100.ttft.p99=2000,*.ttft.p99=2500}. A
 * tier-specific limit wins over the {@code *} one.
 */
public record PercentileSloLimits(Map<String, Double> limits) {

  public record Limit(String metric, double thresholdMs) {}

  public PercentileSloLimits {
    limits = Map.copyOf(limits);
  }

  public static PercentileSloLimits none() {
    return new PercentileSloLimits(Map.of());
  }

  public static PercentileSloLimits parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      String[] kv = e.split("=", 2);
      String[] parts = kv[0].trim().split("\\.");
      if (kv.length != 2 || parts.length != 3) {
        throw new IllegalArgumentException("'" + e + "' is not tier.component.metric=ms");
      }
      double ms = Double.parseDouble(kv[1].trim());
      if (!(ms > 0)) {
        throw new IllegalArgumentException("'" + e + "': the limit must be > 0 ms");
      }
      out.put(kv[0].trim(), ms);
    }
    return new PercentileSloLimits(out);
  }

  /** The limits that apply to a tier and component, at most one per percentile. */
  public List<Limit> forSeries(String tier, String component) {
    Map<String, Limit> byMetric = new LinkedHashMap<>();
    for (String metric : List.of("p50", "p90", "p95", "p99", "p999")) {
      lookup(tier, component, metric)
          .or(() -> lookup("*", component, metric))
          .ifPresent(ms -> byMetric.put(metric, new Limit(metric, ms)));
    }
    return List.copyOf(byMetric.values());
  }

  private Optional<Double> lookup(String tier, String component, String metric) {
    return Optional.ofNullable(limits.get(tier + "." + component + "." + metric));
  }
}
