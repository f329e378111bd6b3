package dev.r1lat.streams;

import dev.r1lat.schema.TimingRules;
import java.util.List;

/**
 * The group a statistic describes: region and hardware tier, {@code *} meaning all, and the model
 * when grouping by model is configured (null otherwise). Roll-up levels are derived from the finest
 * group at window close, never aggregated per event.
 */
public record GroupKey(String region, String tier, String model) {
  /** No event may carry it as a label: {@link TimingRules} rejects it (and '|') at every stage. */
  public static final String ALL = TimingRules.RESERVED_ALL;

  /** The four levels one finest group contributes to: itself, region, tier, and everything. */
  public List<GroupKey> levels() {
    return List.of(
        this,
        new GroupKey(region, ALL, model),
        new GroupKey(ALL, tier, model),
        new GroupKey(ALL, ALL, model));
  }

  /** Kafka key of the group's outputs: {@code region|tier} or {@code region|tier|model}. */
  public String asKey() {
    return model == null ? region + "|" + tier : region + "|" + tier + "|" + model;
  }

  public static GroupKey parse(String key) {
    String[] p = key.split("\\|", -1);
    return new GroupKey(p[0], p[1], p.length > 2 ? p[2] : null);
  }
}
