package dev.r1lat.streams;

import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.anomaly.SeriesKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the per-partition aggregator emits. Partials and watermarks cross the repartition topic to
 * the merger; rejected input goes to the dead-letter or late topic as the bytes that arrived.
 */
public sealed interface AggregatorOutput {

  /** One window × group × component of one input partition, ready to merge with the others. */
  record Partial(
      long windowStartMs,
      long windowEndMs,
      GroupKey group,
      Component component,
      ComponentStats stats)
      implements AggregatorOutput {

    /**
     * Repartition key: one series (group × component) always meets in the same merger task, for
     * every window, so that task emits the series' windows in order. The detector downstream relies
     * on that order.
     */
    public byte[] key() {
      return series().partitionKey().getBytes(StandardCharsets.UTF_8);
    }

    public SeriesKey series() {
      return SeriesKey.of(group, component.id());
    }
  }

  /**
   * Input partition {@code sourcePartition} (of {@code partitionCount}) has emitted every window
   * ending at or before {@code closedUpToMs}: a window is final once every partition says so. Sent
   * to every merger partition.
   */
  record Watermark(int sourcePartition, int partitionCount, long closedUpToMs)
      implements AggregatorOutput {}

  /** Where input that does not go into the statistics is sent, as the bytes that arrived. */
  enum Route {
    /** Malformed: undecodable or breaking a field rule (the dead-letter topic). */
    DEAD_LETTER,
    /** Well formed, but its window had already closed (the late topic). */
    LATE,
    /** Well formed, but its event time cannot be trusted: too far ahead or too old. */
    QUARANTINE
  }

  /** Input that did not go into the statistics, with the reason; never crosses to the merger. */
  record Rejected(Route route, byte[] value, String reason) implements AggregatorOutput {}

  /** Binary serde for partials and watermarks on the repartition topic. */
  final class WireSerde implements Serde<AggregatorOutput> {
    private static final byte PARTIAL = 1;
    private static final byte WATERMARK = 2;

    @Override
    public Serializer<AggregatorOutput> serializer() {
      return (topic, out) -> out == null ? null : encode(out);
    }

    @Override
    public Deserializer<AggregatorOutput> deserializer() {
      return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(AggregatorOutput out) {
      if (out instanceof Watermark w) {
        return ByteBuffer.allocate(1 + 4 + 4 + 8)
            .put(WATERMARK)
            .putInt(w.sourcePartition())
            .putInt(w.partitionCount())
            .putLong(w.closedUpToMs())
            .array();
      }
      if (out instanceof Partial p) {
        byte[] group = p.group().kafkaKey().getBytes(StandardCharsets.UTF_8);
        byte[] comp = p.component().id().getBytes(StandardCharsets.UTF_8);
        byte[] stats = p.stats().toBytes();
        return ByteBuffer.allocate(
                1 + 8 + 8 + 8 + 4 + group.length + 4 + comp.length + stats.length)
            .put(PARTIAL)
            .putLong(p.windowStartMs())
            .putLong(p.windowEndMs())
            .putDouble(p.stats().sloMs())
            .putInt(group.length)
            .put(group)
            .putInt(comp.length)
            .put(comp)
            .put(stats)
            .array();
      }
      throw new IllegalArgumentException("rejected input never crosses the repartition topic");
    }

    static AggregatorOutput decode(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte type = b.get();
      if (type == WATERMARK) {
        return new Watermark(b.getInt(), b.getInt(), b.getLong());
      }
      if (type != PARTIAL) {
        throw new IllegalArgumentException("unknown aggregator output type " + type);
      }
      long start = b.getLong();
      long end = b.getLong();
      double slo = b.getDouble();
      GroupKey group = GroupKey.fromKafkaKey(string(b));
      Component component = Component.byId(string(b));
      byte[] stats = new byte[b.remaining()];
      b.get(stats);
      return new Partial(start, end, group, component, ComponentStats.fromBytes(stats, slo));
    }

    private static String string(ByteBuffer b) {
      byte[] s = new byte[b.getInt()];
      b.get(s);
      return new String(s, StandardCharsets.UTF_8);
    }
  }
}
