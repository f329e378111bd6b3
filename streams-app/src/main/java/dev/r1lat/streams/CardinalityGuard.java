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

  /**
   * Values this guard has admitted, per dimension: the answer for them never changes (the
   * allow-lists are fixed and an admitted value stays in memory), so the hot path asks one set and
   * builds no {@code dimension=value} key. Bounded like the memory: only admitted values enter.
   */
  private final Set<String> admittedRegions = new HashSet<>();

  private final Set<String> admittedTiers = new HashSet<>();
  private final Set<String> admittedModels = new HashSet<>();

  public CardinalityGuard(Limits limits, Memory memory, Runnable onFold) {
    this.limits = limits;
    this.memory = memory;
    this.onFold = onFold;
  }

  public String region(String value) {
    return admittedRegions.contains(value)
        ? value
        : admit("region", value, limits.allowedRegions(), admittedRegions);
  }

  public String tier(String value) {
    return admittedTiers.contains(value)
        ? value
        : admit("tier", value, limits.allowedTiers(), admittedTiers);
  }

  public String model(String value) {
    return admittedModels.contains(value) ? value : admit("model", value, Set.of(), admittedModels);
  }

  private String admit(String dimension, String value, Set<String> allowed, Set<String> admitted) {
    if (!admits(dimension, value, allowed)) {
      onFold.run();
      return OTHER;
    }
    admitted.add(value);
    return value;
  }

  /** Whether the value is allowed and remembered, remembering it if the cap leaves room. */
  private boolean admits(String dimension, String value, Set<String> allowed) {
    if (!allowed.isEmpty() && !allowed.contains(value)) {
      return false;
    }
    String key = dimension + "=" + value;
    if (memory.contains(key)) {
      return true;
    }
    if (memory.count(dimension) >= limits.maxValues()) {
      return false;
    }
    memory.add(key);
    return true;
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
