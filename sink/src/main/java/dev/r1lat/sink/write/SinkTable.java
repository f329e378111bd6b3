package dev.r1lat.sink.write;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One ClickHouse table the sink fills: its name (a constant of ours), its columns as written in a
 * Native block, how a Kafka record becomes a row (throwing {@link
 * dev.r1lat.schema.InvalidRecordException} with a reason for a poison record, {@link
 * RejectedRecordException} for a record the event rules reject), and a natural key per row (for
 * tests and the in-memory writer).
 *
 * @param <R> the row type
 * @param rangeDecoders a decoder for the records of one range (given their number), which may keep
 *     state across them (the raw events' column block); used by one thread, in offset order
 */
public record SinkTable<R>(
    String name,
    List<String> columns,
    Function<List<R>, BinaryOut> nativeEncoder,
    Decoder<R> decoder,
    Function<R, String> naturalKey,
    IntFunction<Decoder<R>> rangeDecoders) {

  /** What {@link #decode(byte[])} passes for "no Kafka timestamp": rules using it do not apply. */
  public static final long NO_TIMESTAMP = -1;

  /**
   * A record's value and Kafka timestamp to a row. Must depend on nothing else (no wall clock): a
   * replayed offset range has to turn into exactly the rows of the first attempt.
   */
  @FunctionalInterface
  public interface Decoder<R> {
    R decode(byte[] value, long timestampMs);
  }

  public SinkTable {
    columns = List.copyOf(columns);
  }

  /** A table whose records decode one by one, without state across a range. */
  public SinkTable(
      String name,
      List<String> columns,
      Function<List<R>, BinaryOut> nativeEncoder,
      Decoder<R> decoder,
      Function<R, String> naturalKey) {
    this(name, columns, nativeEncoder, decoder, naturalKey, records -> decoder);
  }

  /** The decoder of one range of {@code records} records, called in offset order. */
  public Decoder<R> rangeDecoder(int records) {
    return rangeDecoders.apply(records);
  }

  /** A table whose Native block is written column by column from decoded rows. */
  public static <R> SinkTable<R> ofColumns(
      String name,
      List<NativeColumn<R>> columns,
      Function<byte[], R> decoder,
      Function<R, String> naturalKey) {
    List<NativeColumn<R>> cols = List.copyOf(columns);
    return new SinkTable<>(
        name,
        cols.stream().map(NativeColumn::name).toList(),
        rows -> encodeNative(cols, rows),
        (value, timestampMs) -> decoder.apply(value),
        naturalKey);
  }

  /** The row of a consumed record: {@code timestampMs} is its Kafka timestamp. */
  public R decode(byte[] value, long timestampMs) {
    return decoder.decode(value, timestampMs);
  }

  /** The row of a value without a Kafka timestamp (tests, direct writes). */
  public R decode(byte[] value) {
    return decode(value, NO_TIMESTAMP);
  }

  /** The rows as one Native block. */
  public BinaryOut encodeNative(List<R> rows) {
    return nativeEncoder.apply(rows);
  }

  /** A Native block: column count, row count, then each column (name, type, data). */
  public static <R> BinaryOut encodeNative(List<NativeColumn<R>> columns, List<R> rows) {
    BinaryOut out = new BinaryOut(rows.size() * 160 + 1024);
    out.varint(columns.size());
    out.varint(rows.size());
    for (NativeColumn<R> c : columns) {
      out.string(c.name());
      out.string(c.type());
      c.writer().write(rows, out);
    }
    return out;
  }
}
