package dev.r1lat.schema;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic, declared once: its name, the serdes of its keys and values, and how it is
 * created (partitions, topic configs). Immutable.
 */
public record TopicSpec<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int partitions,
    Map<String, String> configs,
    String description) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name is blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
    }
    configs = Map.copyOf(configs);
  }

  public TopicSpec<K, V> withName(String newName) {
    return new TopicSpec<>(newName, keySerde, valueSerde, partitions, configs, description);
  }
}
