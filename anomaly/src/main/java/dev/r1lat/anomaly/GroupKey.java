package dev.r1lat.anomaly;

import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.TimingRules;
import java.util.List;
import java.util.Map;

/**
 * The group a statistic describes: region and hardware tier, {@code *} meaning all, and the model
 * when grouping by model is configured (null otherwise). The one place a group is written to and
 * read from text: the Kafka key of its outputs ({@link #kafkaKey()}) and the dimensions of its Avro
 * records ({@link #dimensions()}). Both forms are in stored state and topics, so they never change.
 */
public record GroupKey(String region, String tier, String model) {
  /** No event may carry it as a label: {@link TimingRules} rejects it (and '|') at every stage. */
  public static final String ALL = TimingRules.RESERVED_ALL;

  /** The one dimension a group has beyond region and tier, by its name in the Avro records. */
  public static final String MODEL = "model";

  private static final String SEPARATOR = "|";

  /** A group without a model. */
  public static GroupKey of(String region, String tier) {
    return new GroupKey(region, tier, null);
  }

  /** From the fields of an Avro record; a dimension other than the model is refused. */
  public static GroupKey of(String region, String tier, Map<String, String> dimensions) {
    for (String name : dimensions.keySet()) {
      if (!MODEL.equals(name)) {
        throw new IllegalArgumentException("a group has no dimension '" + name + "'");
      }
    }
    return new GroupKey(region, tier, dimensions.get(MODEL));
  }

  public static GroupKey of(LatencyWindowStats stats) {
    return of(stats.getRegion(), stats.getTier(), stats.getDimensions());
  }

  public static GroupKey of(LatencyAnomaly anomaly) {
    return of(anomaly.getRegion(), anomaly.getTier(), anomaly.getDimensions());
  }

  /** The Avro records' dimensions: the model, when there is one. */
  public Map<String, String> dimensions() {
    return model == null ? Map.of() : Map.of(MODEL, model);
  }

  /** The four levels one finest group contributes to: itself, region, tier, and everything. */
  public List<GroupKey> levels() {
    return List.of(
        this,
        new GroupKey(region, ALL, model),
        new GroupKey(ALL, tier, model),
        new GroupKey(ALL, ALL, model));
  }

  /** Kafka key of the group's outputs: {@code region|tier} or {@code region|tier|model}. */
  public String kafkaKey() {
    String base = region + SEPARATOR + tier;
    return model == null ? base : base + SEPARATOR + model;
  }

  /** The group whose {@link #kafkaKey()} this is. */
  public static GroupKey fromKafkaKey(String key) {
    String[] p = key.split("\\" + SEPARATOR, -1);
    return new GroupKey(p[0], p[1], p.length > 2 ? p[2] : null);
  }

  /** For people: {@code eu-west/H100}, or {@code eu-west/H100{model=r1}}. */
  public String label() {
    String base = region + "/" + tier;
    return model == null ? base : base + "{" + MODEL + "=" + model + "}";
  }
}
