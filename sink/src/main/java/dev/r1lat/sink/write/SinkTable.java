package dev.r1lat.sink.write;

import java.util.List;
import java.util.function.Function;

/**
 * One ClickHouse table the sink fills: its name (a constant of ours), the columns written, how a
 * Kafka value becomes a row (throwing {@link dev.r1lat.schema.InvalidRecordException} with a reason
 * for a poison record), how a row is encoded as RowBinary, and a natural key per row (for tests and
 * the in-memory writer).
 *
 * @param <R> the row type
 */
public record SinkTable<R>(
    String name,
    List<String> columns,
    Function<byte[], R> decoder,
    RowEncoder<R> encoder,
    Function<R, String> naturalKey) {

  public SinkTable {
    columns = List.copyOf(columns);
  }

  @FunctionalInterface
  public interface RowEncoder<R> {
    void encode(R row, RowBinaryOut out);
  }

  public R decode(byte[] value) {
    return decoder.apply(value);
  }
}
