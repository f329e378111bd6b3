package dev.r1lat.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * {@link RequestTiming} as plain JSON with the Avro field names ({@code requestId}, {@code
 * eventTimeMs}, {@code ttftMs}, ...): what the HTTP gateway accepts and the simulator's JSON-lines
 * output writes. Driven by the schema, so a field added compatibly to the contract is understood
 * without code changes. Parsing reports every type error per field; unknown fields are errors (a
 * typo such as {@code ttft_ms} must not silently lose data). Thread-safe.
 */
public final class TimingJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Schema SCHEMA = RequestTiming.getClassSchema();

  static {
    // enums are built by Avro, which trusts the contract's classes only once AvroCodec's
    // initializer ran: make parsing independent of whether a serializer was made first
    try {
      Class.forName(AvroCodec.class.getName(), true, AvroCodec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final String UNKNOWN_FIELD =
      "unknown field (field names are camelCase, e.g. ttftMs)";

  private TimingJson() {}

  /** The result of reading one JSON object: a record, or the reasons it is not one. */
  public record Parsed(RequestTiming timing, List<Violation> violations) {
    public boolean ok() {
      return violations.isEmpty();
    }
  }

  /**
   * One event object read from a stream: the result, the request id if it was a string (to name the
   * event in errors), and how many unknown-field violations were counted but not listed.
   */
  public record Streamed(Parsed parsed, String requestId, int unlisted) {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Compact JSON, null fields omitted. */
  public static String toJson(RequestTiming t) {
    try {
      return MAPPER.writeValueAsString(toNode(t));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode toNode(RequestTiming t) {
    ObjectNode o = MAPPER.createObjectNode();
    for (Schema.Field f : SCHEMA.getFields()) {
      Object v = t.get(f.pos());
      if (v == null) {
        continue;
      }
      if (v instanceof CharSequence s) {
        o.put(f.name(), s.toString());
      } else if (v instanceof Long l) {
        o.put(f.name(), l);
      } else if (v instanceof Integer i) {
        o.put(f.name(), i);
      } else if (v instanceof Double d) {
        o.put(f.name(), d);
      } else if (v instanceof Boolean b) {
        o.put(f.name(), b);
      } else {
        o.put(f.name(), v.toString()); // enums
      }
    }
    return o;
  }

  /** Reads one event object; on failure the violations name each bad field and why. */
  public static Parsed fromJson(JsonNode node) {
    List<Violation> errors = new ArrayList<>();
    if (node == null || !node.isObject()) {
      errors.add(new Violation("", "an event must be a JSON object"));
      return new Parsed(null, errors);
    }
    RequestTiming t = new RequestTiming();
    for (Schema.Field f : SCHEMA.getFields()) {
      JsonNode v = node.get(f.name());
      Schema type = f.schema();
      boolean nullable = false;
      if (type.getType() == Schema.Type.UNION) {
        for (Schema branch : type.getTypes()) {
          if (branch.getType() == Schema.Type.NULL) {
            nullable = true;
          } else {
            type = branch;
          }
        }
      }
      if (v == null || v.isNull()) {
        if (nullable) {
          t.put(f.pos(), null);
        } else if (f.hasDefaultValue()) {
          t.put(f.pos(), defaultValue(f, type));
        } else {
          errors.add(new Violation(f.name(), "is required"));
        }
        continue;
      }
      Object value = convert(f.name(), v, type, errors);
      if (value != null) {
        t.put(f.pos(), value);
      }
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (SCHEMA.getField(name) == null) {
        errors.add(new Violation(name, UNKNOWN_FIELD));
      }
    }
    return errors.isEmpty() ? new Parsed(t, List.of()) : new Parsed(null, List.copyOf(errors));
  }

  /**
   * Reads the event object at the parser's current {@code START_OBJECT} in memory bounded by the
   * schema, not by the input: only the schema's fields are kept (a nested value of a known field is
   * a type error and is skipped, never built), and of the unknown fields at most {@code maxListed}
   * (but at least one) are named, the rest only counted. Leaves the parser on the object's {@code
   * END_OBJECT}. Same verdicts and violation order as {@link #fromJson}.
   */
  public static Streamed read(JsonParser p, int maxListed) throws IOException {
    ObjectNode known = MAPPER.createObjectNode();
    List<Violation> unknown = new ArrayList<>();
    int unknownCount = 0;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (SCHEMA.getField(name) == null) {
        if (++unknownCount <= Math.max(1, maxListed)) { // one at least: it makes the refusal
          unknown.add(new Violation(name, UNKNOWN_FIELD));
        }
        p.skipChildren();
      } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        p.skipChildren();
        known.set(
            name,
            value == JsonToken.START_OBJECT ? MAPPER.createObjectNode() : MAPPER.createArrayNode());
      } else {
        known.set(name, (JsonNode) p.readValueAsTree());
      }
    }
    Parsed parsed = fromJson(known);
    JsonNode id = known.get("requestId");
    String requestId = id != null && id.isTextual() ? id.textValue() : null;
    if (unknownCount == 0) {
      return new Streamed(parsed, requestId, 0);
    }
    List<Violation> all = new ArrayList<>(parsed.violations());
    all.addAll(unknown);
    return new Streamed(
        new Parsed(null, List.copyOf(all)), requestId, unknownCount - unknown.size());
  }

  private static Object defaultValue(Schema.Field f, Schema type) {
    Object d = f.defaultVal();
    if (d == null || d == JsonProperties.NULL_VALUE) {
      return null;
    }
    if (type.getType() == Schema.Type.ENUM) {
      return SpecificData.get().createEnum(d.toString(), type);
    }
    return d;
  }

  private static Object convert(String name, JsonNode v, Schema type, List<Violation> errors) {
    switch (type.getType()) {
      case STRING:
        if (v.isTextual()) {
          return v.textValue();
        }
        errors.add(new Violation(name, "must be a string"));
        return null;
      case LONG:
        if (v.isIntegralNumber() && v.canConvertToLong()) {
          return v.longValue();
        }
        errors.add(new Violation(name, "must be an integer (epoch milliseconds)"));
        return null;
      case INT:
        if (v.isIntegralNumber() && v.canConvertToInt()) {
          return v.intValue();
        }
        errors.add(new Violation(name, "must be a 32-bit integer"));
        return null;
      case DOUBLE:
      case FLOAT:
        if (v.isNumber()) {
          return v.doubleValue();
        }
        errors.add(new Violation(name, "must be a number"));
        return null;
      case BOOLEAN:
        if (v.isBoolean()) {
          return v.booleanValue();
        }
        errors.add(new Violation(name, "must be true or false"));
        return null;
      case ENUM:
        if (v.isTextual() && type.getEnumSymbols().contains(v.textValue())) {
          return SpecificData.get().createEnum(v.textValue(), type);
        }
        errors.add(
            new Violation(name, "must be one of " + String.join(", ", type.getEnumSymbols())));
        return null;
      default:
        errors.add(new Violation(name, "has unsupported type " + type.getType()));
        return null;
    }
  }
}
