package dev.r1lat.sink.write;

import java.util.List;

/**
 * Rows of one contiguous offset range [firstOffset, lastOffset] of one topic partition, bound for
 * one table. The dedup token names exactly that range, so inserting the same range twice (a replay
 * after a crash between insert and offset commit) is dropped by ClickHouse. A <em>part</em> is a
 * piece of such a batch cut by bisection after ClickHouse refused the whole (see DESIGN.md): its
 * token is the range's token plus the offsets of its first and last row, as reproducible as the
 * range itself.
 *
 * @param part empty for a whole range; {@code a-b} (offsets of its first and last row) for a part
 */
public record Batch<R>(
    SinkTable<R> table,
    String topic,
    int partition,
    long firstOffset,
    long lastOffset,
    List<R> rows,
    String part) {

  public Batch {
    if (lastOffset < firstOffset) {
      throw new IllegalArgumentException("empty offset range " + firstOffset + ".." + lastOffset);
    }
    rows = List.copyOf(rows);
  }

  public Batch(
      SinkTable<R> table,
      String topic,
      int partition,
      long firstOffset,
      long lastOffset,
      List<R> rows) {
    this(table, topic, partition, firstOffset, lastOffset, rows, "");
  }

  /** The rows {@code from..to-1} of this range, whose offsets are {@code a} and {@code b}. */
  public Batch<R> part(int from, int to, long a, long b) {
    return new Batch<>(
        table, topic, partition, firstOffset, lastOffset, rows.subList(from, to), a + "-" + b);
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
        + lastOffset
        + (part.isEmpty() ? "" : "/part/" + part);
  }
}
