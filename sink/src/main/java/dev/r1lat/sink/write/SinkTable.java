package dev.r1lat.sink.write;

import java.util.List;
import java.util.function.Function;

/**
 * One ClickHouse table the sink fills: its name (a constant of ours), its columns as written in a
 * Native block, how a Kafka value becomes a row (throwing {@link
 * dev.r1lat.schema.InvalidRecordException} with a reason for a poison record), and a natural key
 * per row (for tests and the in-memory writer).
 *
 * @param <R> the row type
 */
public record SinkTable<R>(
    String name,
    List<NativeColumn<R>> nativeColumns,
    Function<byte[], R> decoder,
    Function<R, String> naturalKey) {

  public SinkTable {
    nativeColumns = List.copyOf(nativeColumns);
  }

  public List<String> columns() {
    return nativeColumns.stream().map(NativeColumn::name).toList();
  }

  public R decode(byte[] value) {
    return decoder.apply(value);
  }

  /** The rows as one Native block: column count, row count, then each column. */
  public BinaryOut encodeNative(List<R> rows) {
    BinaryOut out = new BinaryOut(rows.size() * 160 + 1024);
    out.varint(nativeColumns.size());
    out.varint(rows.size());
    for (NativeColumn<R> c : nativeColumns) {
      out.string(c.name());
      out.string(c.type());
      c.writer().write(rows, out);
    }
    return out;
  }
}
