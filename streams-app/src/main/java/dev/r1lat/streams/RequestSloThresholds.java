package dev.r1lat.streams;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Latency SLO thresholds in ms per component, optionally per tier. Counting values above the
 * threshold in every window gives goodput (share of requests within SLO) and the burn rates the
 * anomaly detector alerts on. Configured as {@code streams.slo.COMPONENT=MS} and {@code
 * streams.slo.TIER.COMPONENT=MS}.
 */
public final class RequestSloThresholds {
  private static final Map<Component, Double> DEFAULTS = new EnumMap<>(Component.class);

  static {
    DEFAULTS.put(Component.E2E, 60_000.0);
    DEFAULTS.put(Component.TTFT, 2_000.0);
    DEFAULTS.put(Component.TTFO, 30_000.0);
    DEFAULTS.put(Component.QUEUE, 500.0);
    DEFAULTS.put(Component.PREPROCESS, 50.0);
    DEFAULTS.put(Component.PREFILL, 1_500.0);
    DEFAULTS.put(Component.DECODE, 60_000.0);
    DEFAULTS.put(Component.TPOT, 50.0);
    DEFAULTS.put(Component.ITL_MAX, 500.0);
    DEFAULTS.put(Component.POSTPROCESS, 50.0);
    DEFAULTS.put(Component.NETWORK, 200.0);
  }

  private final Map<Component, Double> global;
  private final Map<String, Map<Component, Double>> perTier;

  private RequestSloThresholds(
      Map<Component, Double> global, Map<String, Map<Component, Double>> perTier) {
    this.global = global;
    this.perTier = perTier;
  }

  public static RequestSloThresholds defaults() {
    return parse(Map.of());
  }

  /** From raw settings under {@code streams.slo.} (prefix already stripped). */
  public static RequestSloThresholds parse(Map<String, String> raw) {
    Map<Component, Double> global = new EnumMap<>(DEFAULTS);
    Map<String, Map<Component, Double>> perTier = new HashMap<>();
    raw.forEach(
        (key, value) -> {
          double ms = parseMs(key, value);
          int dot = key.lastIndexOf('.');
          if (dot < 0) {
            global.put(Component.byId(key), ms);
          } else {
            perTier
                .computeIfAbsent(key.substring(0, dot), t -> new EnumMap<>(Component.class))
                .put(Component.byId(key.substring(dot + 1)), ms);
          }
        });
    return new RequestSloThresholds(global, perTier);
  }

  private static double parseMs(String key, String value) {
    try {
      double ms = Double.parseDouble(value);
      if (!(ms > 0)) {
        throw new NumberFormatException("must be > 0");
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new dev.r1lat.config.ConfigException(
          "streams.slo." + key + "=" + value + ": expected milliseconds > 0");
    }
  }

  /** Threshold for {@code component} in {@code tier}; the tier's own value wins. */
  public double threshold(String tier, Component component) {
    Map<Component, Double> t = perTier.get(tier);
    if (t != null && t.containsKey(component)) {
      return t.get(component);
    }
    return global.get(component);
  }
}
