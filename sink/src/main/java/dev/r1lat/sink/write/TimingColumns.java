package dev.r1lat.sink.write;

import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The request_timings columns, derived once (at class init) from the RequestTiming Avro schema: one
 * column per field, in schema order, named by the field in snake_case, typed by the field's Avro
 * type. The sink's fast encoder reads the fields in this order and sends these columns; the sql/
 * migrations must create the same columns (LayoutDriftTest compares them). A field whose Avro type
 * has no column kind here stops the class from loading, naming the field: the sink never sends a
 * block that misreads a record.
 */
public final class TimingColumns {
  /** How one Avro field is read from the message and sent in the Native block. */
  public enum Kind {
    STRING("String"),
    /** An epoch-milliseconds long named {@code *TimeMs}. */
    MILLIS("DateTime64(3, 'UTC')"),
    NULLABLE_STRING("Nullable(String)"),
    BOOL("Bool"),
    /** An enum, sent as its symbol. */
    ENUM("String"),
    /** A count: negative values are refused, not wrapped. */
    NULLABLE_UINT32("Nullable(UInt32)"),
    NULLABLE_BOOL("Nullable(Bool)"),
    NULLABLE_DOUBLE("Nullable(Float64)"),
    DOUBLE("Float64");

    private final String nativeType;

    Kind(String nativeType) {
      this.nativeType = nativeType;
    }

    /** The type the column is sent as (the table may store it as LowCardinality of it). */
    public String nativeType() {
      return nativeType;
    }

    public boolean nullable() {
      return name().startsWith("NULLABLE");
    }
  }

  /**
   * One column: its name, kind, the Avro field it comes from, and for an enum its symbols by index.
   */
  public record Column(String name, Kind kind, Schema.Field field, List<String> symbols) {}

  /** Every column of request_timings, in the schema's field order. */
  public static final List<Column> ALL = derive(RequestTiming.getClassSchema());

  public static final List<String> NAMES = ALL.stream().map(Column::name).toList();

  private TimingColumns() {}

  /** The columns for a RequestTiming schema; throws naming the first field no kind fits. */
  public static List<Column> derive(Schema schema) {
    List<Column> out = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      Kind kind = kindOf(f);
      List<String> symbols = kind == Kind.ENUM ? f.schema().getEnumSymbols() : List.of();
      out.add(new Column(columnName(f.name(), kind), kind, f, symbols));
    }
    return List.copyOf(out);
  }

  /** requestId -> request_id; an epoch-millis field drops its unit: eventTimeMs -> event_time. */
  static String columnName(String field, Kind kind) {
    String snake =
        field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    return kind == Kind.MILLIS ? snake.substring(0, snake.length() - "_ms".length()) : snake;
  }

  private static Kind kindOf(Schema.Field f) {
    Schema s = f.schema();
    Kind kind =
        switch (s.getType()) {
          case STRING -> Kind.STRING;
          case LONG -> f.name().endsWith("TimeMs") ? Kind.MILLIS : null;
          case BOOLEAN -> Kind.BOOL;
          case ENUM -> Kind.ENUM;
          case DOUBLE -> Kind.DOUBLE;
          case UNION -> nullableKind(s);
          default -> null;
        };
    if (kind == null) {
      throw new IllegalStateException(
          "RequestTiming."
              + f.name()
              + " has Avro type "
              + s
              + ", which no request_timings column kind reads: add one to TimingColumns.Kind,"
              + " TimingNativeEncoder and a sql/ migration");
    }
    return kind;
  }

  /** ["null", T]: null is branch 0, as the encoder reads it. */
  private static Kind nullableKind(Schema union) {
    List<Schema> branches = union.getTypes();
    if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
      return null;
    }
    return switch (branches.get(1).getType()) {
      case STRING -> Kind.NULLABLE_STRING;
      case INT -> Kind.NULLABLE_UINT32;
      case BOOLEAN -> Kind.NULLABLE_BOOL;
      case DOUBLE -> Kind.NULLABLE_DOUBLE;
      default -> null;
    };
  }
}
