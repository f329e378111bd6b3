package dev.r1lat.anomaly.alert;

import static dev.r1lat.anomaly.alert.AnomalyEvents.MINUTE;
import static dev.r1lat.anomaly.alert.AnomalyEvents.T0;
import static dev.r1lat.anomaly.alert.AnomalyEvents.event;
import static dev.r1lat.schema.AnomalyState.OPEN;
import static dev.r1lat.schema.AnomalyState.RESOLVED;
import static dev.r1lat.schema.AnomalyState.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertmanagerApiFormatTest {
  private static final Instant NOW = Instant.ofEpochMilli(T0 + 30 * MINUTE);
  private final ObjectMapper json = new ObjectMapper();
  private final AlertmanagerApiFormat format =
      new AlertmanagerApiFormat(new SqlLink("http://ch:8123", "r1lat"), Duration.ofMinutes(4));
  private final IncidentTracker tracker = new IncidentTracker();

  private JsonNode post(LatencyAnomaly e) throws Exception {
    return json.readTree(format.event(tracker.apply(e), NOW));
  }

  @Test
  void shouldPostAnArrayOfOneFiringAlertWithTheLabelsAndALinkToTheSql() throws Exception {
    JsonNode body = post(event("a", OPEN, "us-east", "H100", 10));

    assertThat(body.isArray()).isTrue();
    assertThat(body).hasSize(1);
    JsonNode alert = body.get(0);
    assertThat(alert.has("status")).isFalse(); // a postable alert has none: endsAt decides
    JsonNode labels = alert.get("labels");
    assertThat(labels.get("alertname").asText()).isEqualTo("R1LatencyAnomaly");
    assertThat(labels.get("severity").asText()).isEqualTo("warning");
    assertThat(labels.get("region").asText()).isEqualTo("us-east");
    assertThat(labels.get("tier").asText()).isEqualTo("H100");
    assertThat(labels.get("component").asText()).isEqualTo("ttft");
    assertThat(labels.get("kind").asText()).isEqualTo("BASELINE_REGRESSION");
    assertThat(labels.get("anomaly_id").asText()).isNotBlank();
    assertThat(labels.get("incident").asText()).startsWith("ttft.p99-");
    assertThat(alert.at("/annotations/reason").asText()).contains("4.1 s vs baseline");
    assertThat(alert.at("/annotations/sql").asText())
        .contains("FROM r1lat.latency_stats_1m", "region = 'us-east'", "component = 'ttft'");
    assertThat(alert.get("startsAt").asText()).isEqualTo("2026-01-01T00:10:00Z");
    assertThat(Instant.parse(alert.get("endsAt").asText())).isEqualTo(NOW.plusSeconds(240));
    String url = alert.get("generatorURL").asText();
    assertThat(url).startsWith("http://ch:8123/?");
    assertThat(URLDecoder.decode(url, StandardCharsets.UTF_8))
        .contains(alert.at("/annotations/sql").asText());
  }

  @Test
  void shouldResolveWithEndsAtNoLaterThanNowAndKeepStartsAtAndLabels() throws Exception {
    JsonNode open = post(event("a", OPEN, "us-east", "H100", 10)).get(0);
    JsonNode resolved = post(event("a", RESOLVED, "us-east", "H100", 20)).get(0);

    assertThat(resolved.get("labels")).isEqualTo(open.get("labels"));
    assertThat(resolved.get("startsAt")).isEqualTo(open.get("startsAt"));
    assertThat(resolved.get("endsAt").asText()).isEqualTo("2026-01-01T00:21:00Z");
    assertThat(Instant.parse(resolved.get("endsAt").asText())).isBeforeOrEqualTo(NOW);
    JsonNode future = post(event("b", RESOLVED, "us-east", "H100", 45)).get(0);
    assertThat(Instant.parse(future.get("endsAt").asText())).isEqualTo(NOW);
  }

  @Test
  void shouldEndTheAlertUnderTheOldSeverityWhenAnUpdateRaisesIt() throws Exception {
    post(event("a", OPEN, "us-east", "H100", 10));
    LatencyAnomaly worse = event("a", UPDATE, "us-east", "H100", 15);
    worse.setSeverity(Severity.CRITICAL);

    JsonNode body = post(worse);

    assertThat(body).hasSize(2);
    assertThat(body.get(0).at("/labels/severity").asText()).isEqualTo("critical");
    assertThat(Instant.parse(body.get(0).get("endsAt").asText())).isAfter(NOW);
    assertThat(body.get(1).at("/labels/severity").asText()).isEqualTo("warning");
    assertThat(Instant.parse(body.get(1).get("endsAt").asText())).isEqualTo(NOW);
  }

  @Test
  void shouldRepostEveryOpenAlertFiring() throws Exception {
    post(event("a", OPEN, "us-east", "H100", 10));
    post(event("b", OPEN, "eu-west", "A100", 11));
    post(event("a", RESOLVED, "us-east", "H100", 20));

    JsonNode body = json.readTree(format.repost(tracker.open(), NOW).orElseThrow());

    assertThat(body).hasSize(1);
    assertThat(body.get(0).at("/labels/region").asText()).isEqualTo("eu-west");
    assertThat(Instant.parse(body.get(0).get("endsAt").asText())).isAfter(NOW);
  }

  @Test
  void shouldMoveTheAlertsOfARenamedIncidentToTheNewLabel() throws Exception {
    String provisional =
        post(event("fleet", OPEN, "*", "*", 12)).get(0).at("/labels/incident").asText();

    JsonNode body = post(event("group", OPEN, "us-east", "H100", 10));

    assertThat(body).hasSize(3);
    String incident = body.get(0).at("/labels/incident").asText();
    assertThat(incident).isNotEqualTo(provisional);
    assertThat(body.get(1).at("/labels/region").asText()).isEqualTo("*");
    assertThat(body.get(1).at("/labels/incident").asText()).isEqualTo(incident);
    assertThat(Instant.parse(body.get(1).get("endsAt").asText())).isAfter(NOW);
    assertThat(body.get(2).at("/labels/incident").asText()).isEqualTo(provisional);
    assertThat(Instant.parse(body.get(2).get("endsAt").asText())).isEqualTo(NOW);
  }
}
