package dev.r1lat.anomaly.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Alertmanager's own API ({@code POST /api/v2/alerts}): a JSON array of postable alerts.
 * Alertmanager identifies an alert by its label set, so one anomaly is one alert for as long as its
 * labels stay the same. A firing alert carries {@code endsAt} = now + {@code validity}: if the
 * forwarder stops re-posting it (it died), Alertmanager resolves it then, as it does for
 * Prometheus. A resolved one carries the end of the anomaly's last window (never later than now, so
 * it resolves at once). When an UPDATE raises the severity (a label), the alert under the old
 * labels is ended in the same post, so the receiver sees one alert replaced, not two; likewise when
 * an event renamed the incident of other open anomalies ({@link IncidentTracker.Renamed}).
 */
public final class AlertmanagerApiFormat implements AlertFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SqlLink sqlLink;
  private final Duration validity;

  public AlertmanagerApiFormat(SqlLink sqlLink, Duration validity) {
    this.sqlLink = sqlLink;
    this.validity = validity;
  }

  @Override
  public String event(IncidentTracker.Applied applied, Instant now) {
    LatencyAnomaly a = applied.event();
    ArrayNode alerts = JSON.createArrayNode();
    Instant endsAt =
        a.getState() == AnomalyState.RESOLVED
            ? min(Instant.ofEpochMilli(a.getWindowEndMs()), now)
            : now.plus(validity);
    alerts.add(alert(a, applied.incident(), applied.openedAtMs(), endsAt));
    LatencyAnomaly previous = applied.previous();
    if (previous != null
        && !AlertmanagerPayload.labels(previous, applied.incident())
            .equals(AlertmanagerPayload.labels(a, applied.incident()))) {
      alerts.add(alert(previous, applied.incident(), applied.openedAtMs(), now));
    }
    for (IncidentTracker.Renamed r : applied.renamed()) {
      IncidentTracker.Open o = r.now();
      alerts.add(alert(o.latest(), o.incident(), o.openedAtMs(), now.plus(validity)));
      alerts.add(alert(o.latest(), r.previousIncident(), o.openedAtMs(), now));
    }
    return alerts.toString();
  }

  @Override
  public Optional<String> repost(Collection<IncidentTracker.Open> open, Instant now) {
    ArrayNode alerts = JSON.createArrayNode();
    for (IncidentTracker.Open o : open) {
      alerts.add(alert(o.latest(), o.incident(), o.openedAtMs(), now.plus(validity)));
    }
    return Optional.of(alerts.toString());
  }

  ObjectNode alert(LatencyAnomaly a, String incident, long openedAtMs, Instant endsAt) {
    Map<String, String> labels = AlertmanagerPayload.labels(a, incident);
    String sql = sqlLink.sql(a, openedAtMs);
    String url = sqlLink.url(sql);
    ObjectNode annotations = JSON.createObjectNode();
    annotations.put("summary", a.getReason());
    annotations.put("reason", a.getReason());
    annotations.put("state", a.getState().name());
    annotations.put("observed", Double.toString(a.getObserved()));
    if (a.getBaseline() != null) {
      annotations.put("baseline", Double.toString(a.getBaseline()));
    }
    annotations.put("sql", sql);
    ObjectNode alert = JSON.createObjectNode();
    alert.set("labels", JSON.valueToTree(labels));
    alert.set("annotations", annotations);
    alert.put("startsAt", Instant.ofEpochMilli(openedAtMs).toString());
    alert.put("endsAt", endsAt.toString());
    if (!url.isEmpty()) {
      alert.put("generatorURL", url);
    }
    return alert;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
