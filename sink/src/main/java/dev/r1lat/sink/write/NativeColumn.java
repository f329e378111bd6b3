package dev.r1lat.sink.write;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One column of a ClickHouse Native block: its name, the type it is sent as, and how the values of
 * all rows are written, column-wise. Native parses about twice as fast as RowBinary on the server
 * (measured on the local engine), which is what bounds the sink. Columns are sent in plain types
 * (String, not LowCardinality(String)); ClickHouse converts them to the table's types on insert.
 *
 * <p>Encodings: fixed-width values little-endian; Nullable = a null map (1 byte per row, 1 = null)
 * then the nested column with a placeholder for nulls; Array = cumulative end offsets (UInt64) then
 * the flattened elements; Map = Array(Tuple(K, V)): offsets, then all keys, then all values.
 */
public record NativeColumn<R>(String name, String type, ColumnWriter<R> writer) {

  @FunctionalInterface
  public interface ColumnWriter<R> {
    void write(List<R> rows, BinaryOut out);
  }

  public static <R> NativeColumn<R> string(String name, Function<R, CharSequence> f) {
    return new NativeColumn<>(
        name, "String", (rows, out) -> rows.forEach(r -> out.string(f.apply(r))));
  }

  public static <R> NativeColumn<R> nullableString(String name, Function<R, CharSequence> f) {
    return new NativeColumn<>(
        name,
        "Nullable(String)",
        (rows, out) -> {
          rows.forEach(r -> out.uint8(f.apply(r) == null ? 1 : 0));
          rows.forEach(
              r -> {
                CharSequence v = f.apply(r);
                out.string(v == null ? "" : v);
              });
        });
  }

  public static <R> NativeColumn<R> dateTime64Millis(String name, ToLongFunction<R> f) {
    return new NativeColumn<>(
        name,
        "DateTime64(3, 'UTC')",
        (rows, out) -> rows.forEach(r -> out.int64(f.applyAsLong(r))));
  }

  public static <R> NativeColumn<R> uint64(String name, ToLongFunction<R> f) {
    return new NativeColumn<>(
        name, "UInt64", (rows, out) -> rows.forEach(r -> out.int64(f.applyAsLong(r))));
  }

  public static <R> NativeColumn<R> uint32(String name, ToLongFunction<R> f) {
    return new NativeColumn<>(
        name, "UInt32", (rows, out) -> rows.forEach(r -> out.int32((int) f.applyAsLong(r))));
  }

  public static <R> NativeColumn<R> nullableUInt64(String name, Function<R, Long> f) {
    return new NativeColumn<>(
        name,
        "Nullable(UInt64)",
        (rows, out) -> {
          rows.forEach(r -> out.uint8(f.apply(r) == null ? 1 : 0));
          rows.forEach(
              r -> {
                Long v = f.apply(r);
                out.int64(v == null ? 0 : v);
              });
        });
  }

  public static <R> NativeColumn<R> float64(String name, ToDoubleFunction<R> f) {
    return new NativeColumn<>(
        name, "Float64", (rows, out) -> rows.forEach(r -> out.float64(f.applyAsDouble(r))));
  }

  public static <R> NativeColumn<R> bool(String name, Predicate<R> f) {
    return new NativeColumn<>(name, "Bool", (rows, out) -> rows.forEach(r -> out.bool(f.test(r))));
  }

  public static <R> NativeColumn<R> nullableUInt32(String name, Function<R, Integer> f) {
    return new NativeColumn<>(
        name,
        "Nullable(UInt32)",
        (rows, out) -> {
          rows.forEach(r -> out.uint8(f.apply(r) == null ? 1 : 0));
          rows.forEach(
              r -> {
                Integer v = f.apply(r);
                out.int32(v == null ? 0 : v);
              });
        });
  }

  public static <R> NativeColumn<R> nullableFloat64(String name, Function<R, Double> f) {
    return new NativeColumn<>(
        name,
        "Nullable(Float64)",
        (rows, out) -> {
          rows.forEach(r -> out.uint8(f.apply(r) == null ? 1 : 0));
          rows.forEach(
              r -> {
                Double v = f.apply(r);
                out.float64(v == null ? 0.0 : v);
              });
        });
  }

  public static <R> NativeColumn<R> nullableBool(String name, Function<R, Boolean> f) {
    return new NativeColumn<>(
        name,
        "Nullable(Bool)",
        (rows, out) -> {
          rows.forEach(r -> out.uint8(f.apply(r) == null ? 1 : 0));
          rows.forEach(r -> out.bool(Boolean.TRUE.equals(f.apply(r))));
        });
  }

  public static <R> NativeColumn<R> stringMap(String name, Function<R, Map<String, String>> f) {
    return new NativeColumn<>(
        name,
        "Map(String, String)",
        (rows, out) -> {
          long end = 0;
          for (R r : rows) {
            end += f.apply(r).size();
            out.int64(end);
          }
          rows.forEach(r -> f.apply(r).keySet().forEach(out::string));
          rows.forEach(r -> f.apply(r).values().forEach(out::string));
        });
  }

  public static <R> NativeColumn<R> int32Array(String name, Function<R, int[]> f) {
    return new NativeColumn<>(
        name,
        "Array(Int32)",
        (rows, out) -> {
          long end = 0;
          for (R r : rows) {
            end += f.apply(r).length;
            out.int64(end);
          }
          rows.forEach(
              r -> {
                for (int v : f.apply(r)) {
                  out.int32(v);
                }
              });
        });
  }

  public static <R> NativeColumn<R> float64Array(String name, Function<R, double[]> f) {
    return new NativeColumn<>(
        name,
        "Array(Float64)",
        (rows, out) -> {
          long end = 0;
          for (R r : rows) {
            end += f.apply(r).length;
            out.int64(end);
          }
          rows.forEach(
              r -> {
                for (double v : f.apply(r)) {
                  out.float64(v);
                }
              });
        });
  }
}
