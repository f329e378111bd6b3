package dev.r1lat.anomaly.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/** One anomaly event as one line of JSON (field names as in the Avro schema), and back. */
public final class AnomalyJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnomalyJson() {}

  public static String toJson(LatencyAnomaly a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("anomalyId", a.getAnomalyId());
    n.put("kind", a.getKind().name());
    n.put("state", a.getState().name());
    n.put("region", a.getRegion());
    n.put("tier", a.getTier());
    n.set("dimensions", JSON.valueToTree(a.getDimensions()));
    n.put("component", a.getComponent());
    n.put("metric", a.getMetric());
    n.put("observed", a.getObserved());
    if (a.getBaseline() == null) {
      n.putNull("baseline");
    } else {
      n.put("baseline", a.getBaseline());
    }
    n.put("severity", a.getSeverity().name());
    n.put("windowStartMs", a.getWindowStartMs());
    n.put("windowEndMs", a.getWindowEndMs());
    n.put("detectedAtMs", a.getDetectedAtMs());
    n.put("reason", a.getReason());
    return n.toString();
  }

  /** Parses a line written by {@link #toJson}; a bad line fails with the reason. */
  public static LatencyAnomaly fromJson(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      Map<String, String> dims = new LinkedHashMap<>();
      n.path("dimensions")
          .fields()
          .forEachRemaining(e -> dims.put(e.getKey(), e.getValue().asText()));
      JsonNode baseline = n.path("baseline");
      return LatencyAnomaly.newBuilder()
          .setAnomalyId(required(n, "anomalyId").asText())
          .setKind(AnomalyKind.valueOf(required(n, "kind").asText()))
          .setState(AnomalyState.valueOf(required(n, "state").asText()))
          .setRegion(required(n, "region").asText())
          .setTier(required(n, "tier").asText())
          .setDimensions(dims)
          .setComponent(required(n, "component").asText())
          .setMetric(n.path("metric").asText(""))
          .setObserved(n.path("observed").asDouble())
          .setBaseline(baseline.isNumber() ? baseline.asDouble() : null)
          .setSeverity(Severity.valueOf(n.path("severity").asText("WARNING")))
          .setWindowStartMs(required(n, "windowStartMs").asLong())
          .setWindowEndMs(n.path("windowEndMs").asLong())
          .setDetectedAtMs(n.path("detectedAtMs").asLong())
          .setReason(n.path("reason").asText(""))
          .build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return v;
  }
}
