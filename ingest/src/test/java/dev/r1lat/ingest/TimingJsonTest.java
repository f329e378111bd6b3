package dev.r1lat.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules.Violation;
import org.junit.jupiter.api.Test;

class TimingJsonTest {
  static JsonNode node(String json) throws Exception {
    return TimingJson.mapper().readTree(json);
  }

  @Test
  void roundTripsSimulatedEvents() throws Exception {
    for (RequestTiming t :
        FleetSimulator.stream(SimulatorConfig.builder().scenarios("all").build())
            .limit(2_000)
            .toList()) {
      TimingJson.Parsed p = TimingJson.fromJson(node(TimingJson.toJson(t)));
      assertThat(p.violations()).isEmpty();
      assertThat(p.timing()).isEqualTo(t);
    }
  }

  @Test
  void appliesSchemaDefaultsToOmittedFields() throws Exception {
    TimingJson.Parsed p =
        TimingJson.fromJson(
            node(
                "{\"requestId\":\"a\",\"eventTimeMs\":1790000000000,\"region\":\"eu-west\","
                    + "\"tier\":\"H100\",\"model\":\"deepseek-r1\",\"status\":\"OK\",\"e2eMs\":12}"));
    assertThat(p.ok()).isTrue();
    RequestTiming t = p.timing();
    assertThat(t.getStatus()).isEqualTo(RequestStatus.OK);
    assertThat(t.getStreaming()).isTrue();
    assertThat(t.getTtftMs()).isNull();
    assertThat(t.getE2eMs()).isEqualTo(12.0);
  }

  @Test
  void statusIsRequiredAsInTheSchema() throws Exception {
    TimingJson.Parsed p =
        TimingJson.fromJson(
            node(
                "{\"requestId\":\"a\",\"eventTimeMs\":1790000000000,\"region\":\"eu-west\","
                    + "\"tier\":\"H100\",\"model\":\"deepseek-r1\",\"e2eMs\":12}"));
    assertThat(p.violations()).containsExactly(new Violation("status", "is required"));
  }

  @Test
  void reportsEveryBadFieldWithAReason() throws Exception {
    TimingJson.Parsed p =
        TimingJson.fromJson(
            node(
                "{\"requestId\":7,\"eventTimeMs\":1.5,\"region\":\"eu-west\",\"model\":\"m\","
                    + "\"status\":\"FINE\",\"ttftMs\":\"fast\",\"promptTokens\":3000000000,"
                    + "\"streaming\":\"yes\",\"e2eMs\":1,\"ttft_ms\":3}"));
    assertThat(p.timing()).isNull();
    assertThat(p.violations())
        .containsExactly(
            new Violation("requestId", "must be a string"),
            new Violation("eventTimeMs", "must be an integer (epoch milliseconds)"),
            new Violation("tier", "is required"),
            new Violation("streaming", "must be true or false"),
            new Violation("status", "must be one of OK, ERROR, TIMEOUT, CANCELLED, UNKNOWN"),
            new Violation("promptTokens", "must be a 32-bit integer"),
            new Violation("ttftMs", "must be a number"),
            new Violation("ttft_ms", "unknown field (field names are camelCase, e.g. ttftMs)"));
  }

  @Test
  void explicitNullsAreAllowedWhereTheSchemaAllowsThem() throws Exception {
    TimingJson.Parsed p =
        TimingJson.fromJson(
            node(
                "{\"requestId\":\"a\",\"eventTimeMs\":1790000000000,\"region\":\"r\",\"tier\":\"t\","
                    + "\"model\":\"m\",\"e2eMs\":null,\"ttftMs\":null,\"status\":\"OK\"}"));
    assertThat(p.violations()).containsExactly(new Violation("e2eMs", "is required"));
    assertThat(TimingJson.fromJson(node("[1]")).violations())
        .containsExactly(new Violation("", "an event must be a JSON object"));
  }
}
