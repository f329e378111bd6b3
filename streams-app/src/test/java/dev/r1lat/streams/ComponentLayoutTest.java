package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Components against the RequestTiming schema. Which fields a component reads is found by changing
 * one field at a time and watching its value, so no list of fields is written here: every component
 * reads fields of the schema, and a duration added to the schema fails here, naming it, until a
 * component reports it (or it is listed in {@link #NOT_REPORTED} with the reason).
 */
class ComponentLayoutTest {
  private static final Schema SCHEMA = RequestTiming.getClassSchema();

  /** Durations of the schema deliberately reported by no component, with the reason. */
  private static final Map<String, String> NOT_REPORTED = Map.of();

  /** Every field set, to a plausible value of its own (token counts of at least 2). */
  private static RequestTiming everyField() {
    RequestTiming t = new RequestTiming();
    for (Schema.Field f : SCHEMA.getFields()) {
      t.put(f.pos(), value(f.schema(), f.pos(), 0));
    }
    return t;
  }

  private static Object value(Schema s, int i, int shift) {
    return switch (s.getType()) {
      case STRING -> "v" + i + "-" + shift;
      case LONG -> 1_790_000_000_000L + i + shift;
      case INT -> 10 + i + shift;
      case DOUBLE -> 100.0 + i + shift * 7.5;
      case BOOLEAN -> shift % 2 == 0;
      case ENUM -> RequestStatus.valueOf(s.getEnumSymbols().get(shift % 2)); // the only enum
      case UNION -> value(s.getTypes().get(s.getTypes().size() - 1), i, shift);
      default -> throw new IllegalArgumentException("no sample value for " + s);
    };
  }

  /** The schema fields whose change (to another value, or to null) changes the component. */
  private static List<String> fieldsRead(Component c) {
    RequestTiming base = everyField();
    List<String> read = new ArrayList<>();
    for (Schema.Field f : SCHEMA.getFields()) {
      List<Object> others = new ArrayList<>();
      others.add(value(f.schema(), f.pos(), 1));
      if (f.schema().isNullable()) {
        others.add(null);
      }
      for (Object other : others) {
        RequestTiming changed = new RequestTiming();
        SCHEMA.getFields().forEach(g -> changed.put(g.pos(), base.get(g.pos())));
        changed.put(f.pos(), other);
        if (Double.compare(c.value(changed), c.value(base)) != 0 && !read.contains(f.name())) {
          read.add(f.name());
        }
      }
    }
    return read;
  }

  @Test
  void shouldReadEveryComponentFromFieldsOfTheSchema() {
    Map<Component, List<String>> read = new LinkedHashMap<>();
    for (Component c : Component.all()) {
      read.put(c, fieldsRead(c));
    }
    assertThat(read)
        .as("schema fields each component reads")
        .allSatisfy((c, f) -> assertThat(f).as(c.id()).isNotEmpty());
    assertThat(read.get(Component.TTFT)).containsExactly("ttftMs");
    assertThat(read.get(Component.NETWORK)).containsExactly("networkInMs", "networkOutMs");
    assertThat(read.get(Component.TPOT))
        .containsExactlyInAnyOrder("reasoningTokens", "answerTokens", "decodeMs");
  }

  @Test
  void shouldReportEveryDurationOfTheSchemaInSomeComponent() {
    Set<String> reported = new java.util.HashSet<>();
    for (Component c : Component.all()) {
      reported.addAll(fieldsRead(c));
    }
    List<String> missing = new ArrayList<>();
    for (Schema.Field f : SCHEMA.getFields()) {
      boolean duration = f.name().endsWith("Ms") && !f.name().equals("eventTimeMs");
      if (duration && !reported.contains(f.name()) && !NOT_REPORTED.containsKey(f.name())) {
        missing.add(
            "RequestTiming." + f.name() + " is a duration no Component reports (add a Component)");
      }
    }
    assertThat(missing).as("schema vs Component").isEmpty();
  }
}
