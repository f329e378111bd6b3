package dev.r1lat.anomaly.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An anomaly event in the JSON shape Prometheus Alertmanager posts to webhook receivers (version
 * 4), for plain webhook receivers: OPEN and UPDATE are {@code firing}, RESOLVED is {@code resolved}
 * with {@code endsAt} set. The labels (alertname, kind, region, tier, component, severity, metric,
 * anomaly_id, incident, and the group's further dimensions) identify the alert here and in {@link
 * AlertmanagerApiFormat}; the reason is an annotation.
 */
public final class AlertmanagerPayload {
  public static final String ALERT_NAME = "R1LatencyAnomaly";

  /** Alertmanager's "not set" time, used for endsAt while an alert fires. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertmanagerPayload() {}

  public static Map<String, String> labels(LatencyAnomaly a, String incident) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERT_NAME);
    labels.put("kind", a.getKind().name());
    labels.put("region", a.getRegion());
    labels.put("tier", a.getTier());
    labels.put("component", a.getComponent());
    labels.put("severity", a.getSeverity().name().toLowerCase(Locale.ROOT));
    labels.put("metric", a.getMetric());
    labels.put("anomaly_id", a.getAnomalyId());
    labels.put("incident", incident);
    a.getDimensions().forEach(labels::putIfAbsent);
    return labels;
  }

  public static String json(LatencyAnomaly a, String receiver, String incident) {
    boolean resolved = a.getState() == AnomalyState.RESOLVED;
    String status = resolved ? "resolved" : "firing";
    Map<String, String> labels = labels(a, incident);
    ObjectNode annotations = JSON.createObjectNode();
    annotations.put("reason", a.getReason());
    annotations.put("summary", a.getReason());
    annotations.put("state", a.getState().name());
    annotations.put("observed", Double.toString(a.getObserved()));
    if (a.getBaseline() != null) {
      annotations.put("baseline", Double.toString(a.getBaseline()));
    }
    ObjectNode alert = JSON.createObjectNode();
    alert.put("status", status);
    alert.set("labels", JSON.valueToTree(labels));
    alert.set("annotations", annotations);
    alert.put("startsAt", Instant.ofEpochMilli(a.getWindowStartMs()).toString());
    alert.put("endsAt", resolved ? Instant.ofEpochMilli(a.getWindowEndMs()).toString() : ZERO_TIME);
    alert.put("generatorURL", "");
    alert.put("fingerprint", a.getAnomalyId().replace("-", "").substring(0, 16));
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "4");
    root.put("groupKey", "{}:{incident=\"" + incident + "\"}");
    root.put("truncatedAlerts", 0);
    root.put("status", status);
    root.put("receiver", receiver);
    root.set("groupLabels", JSON.valueToTree(Map.of("incident", incident)));
    root.set("commonLabels", JSON.valueToTree(labels));
    root.set("commonAnnotations", annotations);
    root.put("externalURL", "");
    ArrayNode alerts = root.putArray("alerts");
    alerts.add(alert);
    return root.toString();
  }
}
