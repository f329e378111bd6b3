package dev.r1lat.sink;

import dev.r1lat.sink.write.SinkTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records consumed from one partition and not yet written, as received (bytes): decoding happens on
 * the writer threads, in parallel, once a range is cut. A poison record still occupies its offset
 * in the range.
 */
final class PartitionBuffer<R> implements BatchingPolicy.View {
  private final SinkTable<R> table;
  private final String topic;
  private final int partition;
  private final List<ConsumerRecord<byte[], byte[]>> rows = new ArrayList<>();
  private long[] offsets = new long[1024];
  private long firstArrivalNanos;
  private long intentEnd = -1;
  private final LongSupplierNanos clock;

  interface LongSupplierNanos {
    long nanos();
  }

  PartitionBuffer(SinkTable<R> table, String topic, int partition, LongSupplierNanos clock) {
    this.table = table;
    this.topic = topic;
    this.partition = partition;
    this.clock = clock;
  }

  SinkTable<R> table() {
    return table;
  }

  void add(ConsumerRecord<byte[], byte[]> record) {
    long offset = record.offset();
    if (rows.isEmpty()) {
      firstArrivalNanos = clock.nanos();
    }
    if (rows.size() == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[rows.size()] = offset;
    rows.add(record);
  }

  void setIntentEnd(long end) {
    intentEnd = end;
  }

  @Override
  public int size() {
    return rows.size();
  }

  @Override
  public long offsetAt(int index) {
    return offsets[index];
  }

  @Override
  public long ageNanos() {
    return rows.isEmpty() ? 0 : clock.nanos() - firstArrivalNanos;
  }

  @Override
  public long intentEnd() {
    return intentEnd;
  }

  /** A cut range, still undecoded: the records of [firstOffset, lastOffset]. */
  record Cut<R>(
      SinkTable<R> table,
      String topic,
      int partition,
      long firstOffset,
      long lastOffset,
      List<ConsumerRecord<byte[], byte[]>> records) {}

  /** Removes the records up to {@code lastOffset} (inclusive) and returns them as a range. */
  Cut<R> cut(long lastOffset) {
    int n = 0;
    while (n < rows.size() && offsets[n] <= lastOffset) {
      n++;
    }
    List<ConsumerRecord<byte[], byte[]>> taken = new ArrayList<>(rows.subList(0, n));
    Cut<R> cut = new Cut<>(table, topic, partition, offsets[0], lastOffset, taken);
    rows.subList(0, n).clear();
    System.arraycopy(offsets, n, offsets, 0, rows.size());
    if (!rows.isEmpty()) {
      firstArrivalNanos = clock.nanos();
    }
    intentEnd = -1;
    return cut;
  }
}
