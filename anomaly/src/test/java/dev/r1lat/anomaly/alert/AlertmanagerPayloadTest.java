package dev.r1lat.anomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import org.junit.jupiter.api.Test;

class AlertmanagerPayloadTest {
  private static LatencyAnomaly event(AnomalyState state) {
    return LatencyAnomaly.newBuilder()
        .setAnomalyId("3dd3b104-a374-3e56-b46c-8c1a8ff2df49")
        .setKind(AnomalyKind.SLO_BREACH)
        .setState(state)
        .setRegion("eu-west")
        .setTier("H100")
        .setComponent("ttft")
        .setMetric("p99")
        .setObserved(2600)
        .setBaseline(2000.0)
        .setSeverity(Severity.CRITICAL)
        .setWindowStartMs(1_767_225_600_000L)
        .setWindowEndMs(1_767_225_660_000L)
        .setDetectedAtMs(1_767_225_670_000L)
        .setReason("ttft p99 2.6 s above SLO 2.0 s (+30%) in eu-west/H100 for 2 windows")
        .build();
  }

  @Test
  void shouldFireForOpenAndResolveForResolvedWithTheSameLabels() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode firing =
        json.readTree(AlertmanagerPayload.json(event(AnomalyState.OPEN), "r1lat", "ttft.p99-1"));
    JsonNode resolved =
        json.readTree(
            AlertmanagerPayload.json(event(AnomalyState.RESOLVED), "r1lat", "ttft.p99-1"));

    assertThat(firing.get("status").asText()).isEqualTo("firing");
    assertThat(firing.at("/alerts/0/endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(firing.at("/alerts/0/startsAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(firing.at("/alerts/0/labels/alertname").asText()).isEqualTo("R1LatencyAnomaly");
    assertThat(firing.at("/alerts/0/labels/severity").asText()).isEqualTo("critical");
    assertThat(firing.at("/alerts/0/labels/incident").asText()).isEqualTo("ttft.p99-1");
    assertThat(firing.at("/groupLabels/incident").asText()).isEqualTo("ttft.p99-1");
    assertThat(firing.at("/alerts/0/annotations/reason").asText()).contains("above SLO");
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.at("/alerts/0/endsAt").asText()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(resolved.at("/alerts/0/labels")).isEqualTo(firing.at("/alerts/0/labels"));
  }

  @Test
  void shouldRoundTripAnEventThroughJsonLines() {
    LatencyAnomaly a = event(AnomalyState.UPDATE);

    assertThat(AnomalyJson.fromJson(AnomalyJson.toJson(a))).isEqualTo(a);
    assertThatThrownBy(() -> AnomalyJson.fromJson("{\"kind\":\"SLO_BREACH\"}"))
        .hasMessageContaining("missing field");
  }

  @Test
  void shouldFilterByKindRegionAndState() {
    assertThat(AnomalyFilter.of("slo-breach", "eu-west", "open").test(event(AnomalyState.OPEN)))
        .isTrue();
    assertThat(AnomalyFilter.of(null, "us-east", null).test(event(AnomalyState.OPEN))).isFalse();
    assertThatThrownBy(() -> AnomalyFilter.of("nope", null, null))
        .hasMessageContaining("is not one of");
  }

  @Test
  void shouldPrintOneReadableLine() {
    assertThat(AnomalyFormatter.line(event(AnomalyState.OPEN)))
        .startsWith("2026-01-01 00:00Z OPEN")
        .contains("CRITICAL", "SLO_BREACH", "in eu-west/H100", "[id 3dd3b104]");
  }
}
