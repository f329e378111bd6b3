package dev.r1lat.ingest.sim;

import dev.r1lat.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One injected fault: a scenario, where it hits (region, tier or {@code *}), when ([startMs, endMs)
 * of event time) and how hard (magnitude, meaning per {@link FaultScenario}). Immutable.
 */
public record Fault(
    FaultScenario scenario,
    String region,
    String tier,
    long startMs,
    long endMs,
    double magnitude) {

  public static final String ANY = "*";

  public Fault {
    if (endMs <= startMs) {
      throw new IllegalArgumentException(scenario.id() + ": end must be after start");
    }
    if (scenario.regionWide()) {
      tier = ANY;
    }
  }

  /** The scenario with its default group and magnitude, timed by its default run fractions. */
  public static Fault defaults(FaultScenario s, long runStartMs, Duration runDuration) {
    long d = runDuration.toMillis();
    return new Fault(
        s,
        s.defaultRegion(),
        s.defaultTier(),
        runStartMs + (long) (d * s.defaultStartFraction()),
        runStartMs + (long) (d * s.defaultEndFraction()),
        s.defaultMagnitude());
  }

  public boolean activeAt(long epochMs) {
    return epochMs >= startMs && epochMs < endMs;
  }

  public boolean appliesTo(String r, String t) {
    return region.equals(r) && (ANY.equals(tier) || tier.equals(t));
  }

  /** 0 at start, 1 at end (for faults that grow over their window). */
  public double progress(long epochMs) {
    return Math.min(1, Math.max(0, (epochMs - startMs) / (double) (endMs - startMs)));
  }

  public GroundTruth.Entry groundTruth() {
    return new GroundTruth.Entry(
        scenario.id(),
        scenario.kind(),
        region,
        tier,
        scenario.components(),
        startMs,
        endMs,
        magnitude,
        scenario.describe(magnitude));
  }

  /**
   * Parses {@code --scenario} values: a comma-free list item {@code NAME[:key=value;key=value]} or
   * {@code all}. Keys: {@code region}, {@code tier}, {@code start} and {@code end} (an offset from
   * the run start such as {@code 2h}, or an ISO instant), {@code magnitude}. Several specs may be
   * given separated by commas when they have no options, e.g. {@code gpu-degradation,error-storm}.
   */
  public static List<Fault> parse(String spec, long runStartMs, Duration runDuration) {
    List<Fault> out = new ArrayList<>();
    String trimmed = spec.trim();
    if (trimmed.isEmpty()) {
      return out;
    }
    if (!trimmed.contains(":") && trimmed.contains(",")) {
      for (String part : trimmed.split(",")) {
        out.addAll(parse(part, runStartMs, runDuration));
      }
      return out;
    }
    String name = trimmed;
    Map<String, String> opts = new LinkedHashMap<>();
    int colon = trimmed.indexOf(':');
    if (colon >= 0) {
      name = trimmed.substring(0, colon);
      for (String kv : trimmed.substring(colon + 1).split("[;,]")) {
        if (kv.isBlank()) {
          continue;
        }
        int eq = kv.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("scenario option '" + kv + "' is not key=value");
        }
        opts.put(kv.substring(0, eq).trim().toLowerCase(Locale.ROOT), kv.substring(eq + 1).trim());
      }
    }
    List<FaultScenario> scenarios =
        name.trim().equalsIgnoreCase("all")
            ? List.of(FaultScenario.values())
            : List.of(FaultScenario.byId(name));
    for (FaultScenario s : scenarios) {
      Fault f = defaults(s, runStartMs, runDuration);
      String region = opts.getOrDefault("region", f.region());
      String tier = opts.getOrDefault("tier", f.tier());
      long start = opts.containsKey("start") ? time(opts.get("start"), runStartMs) : f.startMs();
      long end = opts.containsKey("end") ? time(opts.get("end"), runStartMs) : f.endMs();
      if (opts.containsKey("start") && !opts.containsKey("end")) {
        end = start + (f.endMs() - f.startMs());
      }
      double magnitude =
          opts.containsKey("magnitude") ? Double.parseDouble(opts.get("magnitude")) : f.magnitude();
      for (String k : opts.keySet()) {
        if (!List.of("region", "tier", "start", "end", "magnitude").contains(k)) {
          throw new IllegalArgumentException(
              "unknown scenario option '" + k + "' (region, tier, start, end, magnitude)");
        }
      }
      out.add(new Fault(s, region, tier, start, end, magnitude));
    }
    return out;
  }

  private static long time(String text, long runStartMs) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException notInstant) {
      return runStartMs + Durations.parse(text).toMillis();
    }
  }
}
