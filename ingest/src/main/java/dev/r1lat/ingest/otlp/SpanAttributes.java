package dev.r1lat.ingest.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of one span with its resource's behind them: a name is looked up on the span
 * first, then on the resource. Values are read leniently (a number sent as a string is a number),
 * as exporters differ in how they encode ints and doubles.
 */
final class SpanAttributes {
  private final Map<String, AnyValue> span;
  private final Map<String, AnyValue> resource;

  SpanAttributes(Map<String, AnyValue> span, Map<String, AnyValue> resource) {
    this.span = span;
    this.resource = resource;
  }

  static Map<String, AnyValue> index(List<KeyValue> attributes) {
    Map<String, AnyValue> out = new HashMap<>(attributes.size() * 2);
    for (KeyValue kv : attributes) {
      out.putIfAbsent(kv.getKey(), kv.getValue());
    }
    return out;
  }

  /** The first of {@code names} present with a non-empty value. */
  AnyValue first(List<String> names) {
    for (String n : names) {
      AnyValue v = span.get(n);
      if (v == null) {
        v = resource.get(n);
      }
      if (v != null && v.getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET) {
        return v;
      }
    }
    return null;
  }

  boolean hasAny(List<String> names) {
    return first(names) != null;
  }

  String string(List<String> names) {
    AnyValue v = first(names);
    if (v == null) {
      return null;
    }
    String s =
        switch (v.getValueCase()) {
          case STRING_VALUE -> v.getStringValue();
          case INT_VALUE -> Long.toString(v.getIntValue());
          case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
          case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
          case ARRAY_VALUE ->
              v.getArrayValue().getValuesCount() == 0
                  ? null
                  : v.getArrayValue().getValues(0).getStringValue();
          default -> null;
        };
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** A number, or null when absent; NaN when present but not a number (a rule then refuses it). */
  Double number(List<String> names) {
    AnyValue v = first(names);
    if (v == null) {
      return null;
    }
    return switch (v.getValueCase()) {
      case DOUBLE_VALUE -> v.getDoubleValue();
      case INT_VALUE -> (double) v.getIntValue();
      case STRING_VALUE -> parse(v.getStringValue());
      default -> Double.NaN;
    };
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
