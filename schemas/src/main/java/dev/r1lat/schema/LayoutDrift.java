package dev.r1lat.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * How a record schema differs from the one a hand-written reader reads, field by field (added,
 * removed, moved, retyped), in one line fit for a warning or a test failure. Docs and defaults do
 * not count: they do not change the bytes.
 */
final class LayoutDrift {
  private LayoutDrift() {}

  /** Empty when {@code current} is laid out as {@code reads}, else what differs. */
  static String between(Schema reads, Schema current) {
    if (form(reads).equals(form(current))) {
      return "";
    }
    List<String> out = new ArrayList<>();
    String record = current.getName();
    List<Schema.Field> now = current.getFields();
    for (Schema.Field f : now) {
      Schema.Field old = reads.getField(f.name());
      String name = record + "." + f.name();
      if (old == null) {
        out.add(name + " (" + form(f.schema()) + ", position " + f.pos() + ") is not read");
      } else if (!form(old.schema()).equals(form(f.schema()))) {
        out.add(name + " is " + form(f.schema()) + ", read as " + form(old.schema()));
      } else if (old.pos() != f.pos()) {
        out.add(name + " moved from position " + old.pos() + " to " + f.pos());
      }
    }
    for (Schema.Field old : reads.getFields()) {
      if (current.getField(old.name()) == null) {
        out.add(record + "." + old.name() + " is read but no longer in the schema");
      }
    }
    if (out.isEmpty()) {
      out.add(record + " is renamed: " + reads.getFullName() + " -> " + current.getFullName());
    }
    return String.join("; ", out);
  }

  private static String form(Schema s) {
    return SchemaNormalization.toParsingForm(s);
  }
}
