package dev.r1lat.sink;

import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.SinkTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records consumed from one partition and not yet written: decoded rows, or null for a poison
 * record (already sent to the dead-letter topic) which still occupies its offset in the range.
 */
final class PartitionBuffer<R> implements BatchingPolicy.View {
  private final SinkTable<R> table;
  private final String topic;
  private final int partition;
  private final List<R> rows = new ArrayList<>();
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

  void add(long offset, R rowOrNullIfPoison) {
    if (rows.isEmpty()) {
      firstArrivalNanos = clock.nanos();
    }
    if (rows.size() == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[rows.size()] = offset;
    rows.add(rowOrNullIfPoison);
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

  /** Removes the records up to {@code lastOffset} (inclusive) and returns them as a batch. */
  Batch<R> cut(long lastOffset) {
    int n = 0;
    while (n < rows.size() && offsets[n] <= lastOffset) {
      n++;
    }
    List<R> taken = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      R row = rows.get(i);
      if (row != null) {
        taken.add(row);
      }
    }
    Batch<R> batch = new Batch<>(table, topic, partition, offsets[0], lastOffset, taken);
    rows.subList(0, n).clear();
    System.arraycopy(offsets, n, offsets, 0, rows.size());
    if (!rows.isEmpty()) {
      firstArrivalNanos = clock.nanos();
    }
    intentEnd = -1;
    return batch;
  }
}
