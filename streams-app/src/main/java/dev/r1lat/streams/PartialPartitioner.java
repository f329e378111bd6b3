package dev.r1lat.streams;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partials go to the partition of their series (group × component); a watermark goes to every
 * partition, since every merger task must learn that the source partition has moved on. A
 * partition's partials are sent before its watermark, so a merger that sees the watermark has
 * already seen that partition's partials for the windows it closes.
 */
final class PartialPartitioner implements StreamPartitioner<byte[], AggregatorOutput> {

  private static int partition(byte[] key, int numPartitions) {
    return Utils.toPositive(Utils.murmur2(key)) % numPartitions;
  }

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, byte[] key, AggregatorOutput value, int numPartitions) {
    if (value instanceof AggregatorOutput.Watermark) {
      return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
    return Optional.of(Set.of(partition(key, numPartitions)));
  }
}
