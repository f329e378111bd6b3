package dev.r1lat.anomaly;

import dev.r1lat.schema.LatencyWindowStats;
import java.util.Map;

/**
 * One detected series: a {@link GroupKey} and one latency component. The detector keeps one {@link
 * DetectorState} per series. Its text forms ({@link #canonical()} in anomaly ids, {@link
 * #stateKey()} for the detector store, {@link #partitionKey()} for the partials) are in stored
 * state and topics, so they never change.
 */
public record SeriesKey(GroupKey group, String component) {

  /** From the fields of an Avro record; a dimension other than the model is refused. */
  public SeriesKey(String region, String tier, Map<String, String> dimensions, String component) {
    this(GroupKey.of(region, tier, dimensions), component);
  }

  public static SeriesKey of(String region, String tier, String component) {
    return new SeriesKey(GroupKey.of(region, tier), component);
  }

  public static SeriesKey of(GroupKey group, String component) {
    return new SeriesKey(group, component);
  }

  public static SeriesKey of(LatencyWindowStats stats) {
    return new SeriesKey(GroupKey.of(stats), stats.getComponent());
  }

  public String region() {
    return group.region();
  }

  public String tier() {
    return group.tier();
  }

  /** The Avro records' dimensions: the model, when there is one. */
  public Map<String, String> dimensions() {
    return group.dimensions();
  }

  /** The group as text, e.g. {@code eu-west/H100} or {@code eu-west/H100{model=r1}}. */
  public String groupLabel() {
    return group.label();
  }

  /** A canonical identity, used in anomaly ids so they are deterministic. */
  public String canonical() {
    return groupLabel() + "#" + component;
  }

  /** Key of the series' detector state: {@code region|tier[|model]#component}. */
  public String stateKey() {
    return group.kafkaKey() + "#" + component;
  }

  /** The series whose {@link #stateKey()} this is. */
  public static SeriesKey fromStateKey(String key) {
    int hash = key.lastIndexOf('#');
    return new SeriesKey(GroupKey.fromKafkaKey(key.substring(0, hash)), key.substring(hash + 1));
  }

  /**
   * Key of the series' partials on the repartition topic (it picks the merger task) and in the
   * merger's store: {@code region|tier[|model]|component}.
   */
  public String partitionKey() {
    return group.kafkaKey() + "|" + component;
  }
}
