package dev.r1lat.anomaly;

import dev.r1lat.config.ConfigException;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of r1lat's latency SLOs: per request class (a hardware tier, or {@code *} for
 * any other tier), a threshold per component (TTFT, TPOT, optionally TTFO), and a target share of
 * requests that must meet it. "99 % of requests within 3 s" and "p99 within 3 s" are the same SLO
 * seen per request and as a percentile, so one definition serves goodput and over-SLO counts (per
 * request, in the streams app), SLO breaches (the {@link #percentile()} of a window) and burn rates
 * (budget {@code 1 - target}).
 */
public final class LatencySlos {
  /** The components a latency SLO can be set on, each with its own key {@code slo.COMPONENT}. */
  public static final List<String> COMPONENTS = List.of("ttft", "tpot", "ttfo");

  public static final ConfigKey<String> TTFT =
      ConfigKey.string(
          "slo.ttft",
          "H200=3000,H100=3000,A100=4000,L40S=5000,*=5000",
          "time-to-first-token SLO per request in ms by tier (TIER=ms,...; * = any other tier)");
  public static final ConfigKey<String> TPOT =
      ConfigKey.string(
          "slo.tpot",
          "H200=50,H100=60,A100=100,L40S=70,*=100",
          "time-per-output-token SLO per request in ms by tier (TIER=ms,...; * = any other tier)");
  public static final ConfigKey<String> TTFO =
      ConfigKey.string(
          "slo.ttfo",
          "",
          "time-to-first-answer-token SLO per request in ms by tier (TIER=ms,...); empty = none");
  public static final ConfigKey<Double> TARGET =
      ConfigKey.decimal(
          "slo.target",
          0.99,
          "share of requests that must meet their SLOs: SLO breach = that percentile above the"
              + " threshold, burn-rate budget = 1 - target (0.9, 0.95, 0.99 or 0.999)");

  public static final List<ConfigKey<?>> KEYS = List.of(TTFT, TPOT, TTFO, TARGET);

  /** Settings an earlier version read, refused with a pointer to the keys above. */
  private static final List<String> RETIRED =
      List.of("streams.slo.", "anomaly.slo.", "anomaly.burn.slo-target");

  private static final Map<Double, String> PERCENTILES =
      Map.of(0.9, "p90", 0.95, "p95", 0.99, "p99", 0.999, "p999");

  /** component -> class (tier or *) -> threshold ms. */
  private final Map<String, Map<String, Double>> thresholds;

  private final double target;

  private LatencySlos(Map<String, Map<String, Double>> thresholds, double target) {
    this.thresholds = thresholds;
    this.target = target;
  }

  public static LatencySlos defaults() {
    return from(Settings.defaults(KEYS));
  }

  /** No SLO at all (offline replay of plain series). */
  public static LatencySlos none() {
    return new LatencySlos(Map.of(), 0.99);
  }

  public static LatencySlos from(Settings s) {
    refuseRetired(s);
    Map<String, String> specs = new LinkedHashMap<>();
    specs.put("ttft", s.get(TTFT));
    specs.put("tpot", s.get(TPOT));
    specs.put("ttfo", s.get(TTFO));
    return of(specs, s.get(TARGET));
  }

  /** From {@code component -> "TIER=ms,..."} and the target share; fails with the key to fix. */
  public static LatencySlos of(Map<String, String> specs, double target) {
    if (!PERCENTILES.containsKey(target)) {
      throw new ConfigException(
          "slo.target="
              + target
              + ": expected 0.9, 0.95, 0.99 or 0.999 (a percentile the stats"
              + " carry)");
    }
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    specs.forEach(
        (component, spec) -> {
          if (!COMPONENTS.contains(component)) {
            throw new ConfigException("no latency SLO for component " + component);
          }
          Map<String, Double> byClass = parseClasses(component, spec);
          if (!byClass.isEmpty()) {
            out.put(component, Map.copyOf(byClass));
          }
        });
    return new LatencySlos(Map.copyOf(out), target);
  }

  private static Map<String, Double> parseClasses(String component, String spec) {
    Map<String, Double> byClass = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      String[] kv = e.split("=", 2);
      String cls = kv[0].trim();
      double ms = kv.length == 2 ? parseMs(kv[1].trim()) : Double.NaN;
      if (cls.isEmpty() || !(ms > 0) || Double.isInfinite(ms)) {
        throw new ConfigException(
            "slo." + component + ": '" + e + "' is not TIER=ms with ms > 0 (tier * = any other)");
      }
      byClass.put(cls, ms);
    }
    return byClass;
  }

  private static double parseMs(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Fails fast on a setting of the two SLO definitions this one replaced. */
  public static void refuseRetired(Settings s) {
    for (String prefix : RETIRED) {
      Map<String, String> set = s.withPrefix(prefix);
      if (!set.isEmpty()) {
        String name = prefix + set.keySet().iterator().next();
        throw new ConfigException(
            name
                + " is no longer read: latency SLOs are set once, per tier, as slo.ttft / slo.tpot"
                + " / slo.ttfo (e.g. slo.ttft=H100=1500,*=5000) with slo.target (0.99); see"
                + " ./r1lat config");
      }
    }
  }

  /** The request-level threshold of a tier's class (its own, else {@code *}); NaN when none. */
  public double thresholdMs(String tier, String component) {
    Map<String, Double> byClass = thresholds.get(component);
    if (byClass == null) {
      return Double.NaN;
    }
    Double ms = byClass.get(tier);
    if (ms == null) {
      ms = byClass.get("*");
    }
    return ms == null ? Double.NaN : ms;
  }

  /** Share of requests that must meet their SLOs, e.g. 0.99. */
  public double target() {
    return target;
  }

  /** The percentile that must stay within the threshold: {@code p99} for a target of 0.99. */
  public String percentile() {
    return PERCENTILES.get(target);
  }

  /** Components with an SLO for at least one class. */
  public List<String> components() {
    return COMPONENTS.stream().filter(thresholds::containsKey).toList();
  }
}
