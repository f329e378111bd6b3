package dev.r1lat.sink.write;

import java.util.List;

/**
 * Rows of one contiguous offset range [firstOffset, lastOffset] of one topic partition, bound for
 * one table. The dedup token names exactly that range, so inserting the same range twice (a replay
 * after a crash between insert and offset commit) is dropped by ClickHouse.
 */
public record Batch<R>(
    SinkTable<R> table,
    String topic,
    int partition,
    long firstOffset,
    long lastOffset,
    List<R> rows) {

  public Batch {
    if (lastOffset < firstOffset) {
      throw new IllegalArgumentException("empty offset range " + firstOffset + ".." + lastOffset);
    }
    rows = List.copyOf(rows);
  }

  /** Stable across processes and restarts: table, topic, partition and offset range. */
  public String dedupToken() {
    return "r1lat-sink/v1/"
        + table.name()
        + "/"
        + topic
        + "/"
        + partition
        + "/"
        + firstOffset
        + "-"
        + lastOffset;
  }
}
