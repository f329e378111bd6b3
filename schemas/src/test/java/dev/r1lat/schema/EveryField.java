package dev.r1lat.schema;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Single-object messages built from a schema alone, so a field added to the schema is covered
 * without touching a test: every field holds a value of its own (no two fields alike, so a
 * misplaced read shows), or every nullable field is null.
 */
public final class EveryField {
  private EveryField() {}

  public static byte[] message(Schema schema, int seed, boolean nullsWherePossible) {
    GenericRecord r = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      r.put(f.pos(), value(f.schema(), f.pos(), seed, nullsWherePossible));
    }
    try {
      ByteBuffer buf = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Object value(Schema s, int i, int seed, boolean nulls) {
    return switch (s.getType()) {
      case STRING -> "f" + i + "-" + seed + "-é";
      case LONG -> 1_700_000_000_000L + 1_000L * i + seed;
      case INT -> 1_000 + 10 * i + seed;
      case DOUBLE -> i + seed / 8.0 + 0.25;
      case FLOAT -> i + seed / 8.0f + 0.5f;
      case BOOLEAN -> (i + seed) % 2 == 0;
      case ENUM -> {
        List<String> symbols = s.getEnumSymbols();
        yield new GenericData.EnumSymbol(s, symbols.get((i + seed) % symbols.size()));
      }
      case UNION -> {
        Schema branch =
            s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).findFirst().get();
        yield nulls && s.getTypes().size() > 1 ? null : value(branch, i, seed, false);
      }
      default -> throw new IllegalArgumentException("no sample value for Avro type " + s);
    };
  }
}
