package dev.r1lat.streams;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What a {@link TimingAggregator} under a {@link MockProcessorContext} needs to survive a simulated
 * crash: its two stores (built once, handed to each run, as Kafka Streams would restore them) and a
 * replay source that reads an in-memory input log as the partition's records.
 */
final class AggregatorFixture {
  private AggregatorFixture() {}

  static KeyValueStore<Bytes, byte[]> progressStore(MockProcessorContext<?, ?> ctx) {
    var store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(TimingAggregator.PROGRESS_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(ctx.getStateStoreContext(), store);
    return store;
  }

  static KeyValueStore<String, byte[]> dimensionsStore(MockProcessorContext<?, ?> ctx) {
    var store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(TimingAggregator.DIMENSIONS_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(ctx.getStateStoreContext(), store);
    return store;
  }

  /**
   * Replays offsets of {@code log} as records produced at {@code producedAtMs}; {@code
   * committedOffset} is what the consumer group had committed (negative: unknown), the log's end is
   * its size.
   */
  static ReplaySource logReplay(List<byte[]> log, long producedAtMs, long committedOffset) {
    return logReplay(log, o -> producedAtMs, committedOffset);
  }

  /** The same, offset {@code o} appended by the broker at {@code appendedAt(o)}. */
  static ReplaySource logReplay(
      List<byte[]> log, LongUnaryOperator appendedAt, long committedOffset) {
    return new ReplaySource() {
      @Override
      public void replay(
          String topic,
          int partition,
          long from,
          long to,
          Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        for (long o = from; o < to; o++) {
          sink.accept(
              new ConsumerRecord<>(
                  topic,
                  partition,
                  o,
                  appendedAt.applyAsLong(o),
                  TimestampType.LOG_APPEND_TIME,
                  0,
                  0,
                  new byte[0],
                  log.get((int) o),
                  new RecordHeaders(),
                  Optional.empty()));
        }
      }

      @Override
      public Offsets offsets(String topic, int partition) {
        return new Offsets(committedOffset, log.size());
      }
    };
  }
}
