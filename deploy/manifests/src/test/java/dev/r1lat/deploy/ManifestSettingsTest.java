package dev.r1lat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The manifests name only settings, variables and ports the code reads (SettingsCheck). */
class ManifestSettingsTest {
  static final List<String> OVERLAYS = Rendered.OVERLAYS;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldNameOnlySettingsPortsAndVariablesTheCommandsRead(String overlay) {
    List<Containers.Container> r1lat =
        Containers.all(Rendered.overlay(overlay)).stream()
            .filter(Containers.Container::isR1lat)
            .toList();
    assertThat(r1lat)
        .extracting(Containers.Container::workload)
        .containsExactlyInAnyOrder(
            "r1lat-gateway",
            "r1lat-streams",
            "r1lat-sink",
            "r1lat-alerts-forward",
            "r1lat-migrate");
    List<String> problems = new ArrayList<>();
    r1lat.forEach(c -> problems.addAll(SettingsCheck.problems(c)));
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldRunTheSinkWithoutDdlAndMigrateAsAnotherUser(String overlay) {
    Map<String, Containers.Container> byWorkload = byWorkload(overlay);
    assertThat(byWorkload.get("r1lat-sink").args()).contains("--no-migrate");
    String sinkUser = byWorkload.get("r1lat-sink").env().get("R1LAT_CLICKHOUSE_USER");
    String migrateUser = byWorkload.get("r1lat-migrate").env().get("R1LAT_CLICKHOUSE_USER");
    assertThat(sinkUser).isEqualTo("sink");
    assertThat(migrateUser).isEqualTo("migrate");
  }

  @Test
  void shouldRefuseAVariableKeyOrPortTheCodeDoesNotRead() {
    Containers.Container sink = byWorkload("prod").get("r1lat-sink");
    assertThat(problemsWith(sink, "R1LAT_SINK_BATCH_MAXROWS", "1000"))
        .anyMatch(p -> p.contains("R1LAT_SINK_BATCH_MAXROWS"));
    assertThat(problemsWith(sink, "R1LAT_KAFKA_SASL_JAAS_CONFIGG", "x"))
        .anyMatch(p -> p.contains("no Kafka client setting"));
    assertThat(problemsWith(sink, "R1LAT_GATEWAY_PORT", "8080"))
        .anyMatch(p -> p.contains("R1LAT_GATEWAY_PORT")); // the gateway's, not the sink's
    assertThat(problemsWith(sink, "R1LAT_SINK_METRICS_BIND", "127.0.0.1"))
        .anyMatch(p -> p.contains("containerPort 9465 is only on"));
    assertThat(problemsWith(sink, "R1LAT_SINK_METRICS_PORT", "9999"))
        .anyMatch(p -> p.contains("containerPort 9465 is no port it listens on"));
    assertThat(problemsWith(sink, "R1LAT_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/r1lat/ca.p12"))
        .anyMatch(p -> p.contains("is on no volume"));

    Containers.Container gateway = byWorkload("prod").get("r1lat-gateway");
    assertThat(problemsWith(gateway, "R1LAT_GATEWAY_OTLP_ENABLED", "false"))
        .anyMatch(p -> p.contains("containerPort 4317 is no port it listens on"));
    assertThat(problemsWith(gateway, "R1LAT_GATEWAY_OTLP_BIND", "127.0.0.1"))
        .anyMatch(p -> p.contains("containerPort 4318 is only on"));

    Containers.Container migrate = byWorkload("prod").get("r1lat-migrate");
    Containers.Container withClusterKey =
        new Containers.Container(
            migrate.workload(),
            migrate.podTemplate(),
            withArgs(migrate.spec(), List.of("migrate", "--set", "clickhouse.cluster=r1lat")),
            migrate.env(),
            migrate.claims());
    assertThat(SettingsCheck.problems(withClusterKey))
        .anyMatch(p -> p.contains("--set clickhouse.cluster"));
    Containers.Container unknownFlag =
        new Containers.Container(
            migrate.workload(),
            migrate.podTemplate(),
            withArgs(migrate.spec(), List.of("migrate", "--cluster")),
            migrate.env(),
            migrate.claims());
    assertThat(SettingsCheck.problems(unknownFlag)).anyMatch(p -> p.contains("do not parse"));
  }

  static Map<String, Containers.Container> byWorkload(String overlay) {
    Map<String, Containers.Container> out = new LinkedHashMap<>();
    Containers.all(Rendered.overlay(overlay)).forEach(c -> out.put(c.workload(), c));
    return out;
  }

  private static List<String> problemsWith(Containers.Container c, String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(c.env());
    env.put(name, value);
    return SettingsCheck.problems(
        new Containers.Container(c.workload(), c.podTemplate(), c.spec(), env, c.claims()));
  }

  private static Map<String, Object> withArgs(Map<String, Object> spec, List<String> args) {
    Map<String, Object> out = new LinkedHashMap<>(spec);
    out.put("args", args);
    return out;
  }
}
