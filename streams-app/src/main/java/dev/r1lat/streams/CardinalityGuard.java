package dev.r1lat.streams;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps a misconfigured server that sends unbounded region, tier or model values from blowing up
 * state: a value outside the configured allow-list, or new once the cap of distinct values is
 * reached, folds into {@code other} and is counted. Admitted values are remembered in a
 * changelogged store (written once per new value), so the mapping survives restarts and replays
 * identically.
 */
public final class CardinalityGuard {
  public static final String OTHER = "other";

  /** Allow-lists (empty = any value) and the cap of distinct values per dimension. */
  public record Limits(Set<String> allowedRegions, Set<String> allowedTiers, int maxValues) {
    public Limits {
      allowedRegions = Set.copyOf(allowedRegions);
      allowedTiers = Set.copyOf(allowedTiers);
    }
  }

  /** Where admitted values live; the processor backs this with a state store. */
  public interface Memory {
    boolean contains(String dimensionValue);

    void add(String dimensionValue);

    int count(String dimension);
  }

  private final Limits limits;
  private final Memory memory;
  private final Runnable onFold;

  public CardinalityGuard(Limits limits, Memory memory, Runnable onFold) {
    this.limits = limits;
    this.memory = memory;
    this.onFold = onFold;
  }

  public String region(String value) {
    return admit("region", value, limits.allowedRegions());
  }

  public String tier(String value) {
    return admit("tier", value, limits.allowedTiers());
  }

  public String model(String value) {
    return admit("model", value, Set.of());
  }

  private String admit(String dimension, String value, Set<String> allowed) {
    if (!allowed.isEmpty() && !allowed.contains(value)) {
      onFold.run();
      return OTHER;
    }
    String key = dimension + "=" + value;
    if (memory.contains(key)) {
      return value;
    }
    if (memory.count(dimension) >= limits.maxValues()) {
      onFold.run();
      return OTHER;
    }
    memory.add(key);
    return value;
  }

  /** An in-memory {@link Memory}, for tests and tools. */
  public static Memory inMemory() {
    return new Memory() {
      private final Set<String> seen = new HashSet<>();

      @Override
      public boolean contains(String v) {
        return seen.contains(v);
      }

      @Override
      public void add(String v) {
        seen.add(v);
      }

      @Override
      public int count(String dimension) {
        return (int) seen.stream().filter(v -> v.startsWith(dimension + "=")).count();
      }
    };
  }
}
