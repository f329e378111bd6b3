package dev.r1lat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Grafana gets the ClickHouse data source every dashboard query names, logs in as the analyst, and
 * loads every dashboard of deploy/k8s/base/dashboards.
 */
class GrafanaProvisioningTest {
  static final List<String> OVERLAYS = Rendered.OVERLAYS;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void shouldProvisionTheDataSourceAndEveryDashboard(String overlay) throws IOException {
    Rendered r = Rendered.overlay(overlay);
    Map<String, Object> provisioning = Yamls.map(r.configMap("r1lat-grafana-provisioning"), "data");
    Map<String, Object> ds =
        Yamls.list(
                Rendered.parseAll((String) provisioning.get("datasources.yaml")).get(0),
                "datasources")
            .get(0);
    assertThat(ds).containsEntry("type", "grafana-clickhouse-datasource");
    assertThat(Yamls.str(ds, "jsonData.username")).isEqualTo("grafana");
    assertThat(Yamls.str(ds, "jsonData.defaultDatabase")).isEqualTo("r1lat");
    String uid = Yamls.str(ds, "uid");

    Map<String, Object> shipped = Yamls.map(r.configMap("r1lat-grafana-dashboards"), "data");
    try (Stream<Path> files = Files.list(Rendered.k8sDir().resolve("base/dashboards"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        assertThat(shipped).containsKey(name);
        JsonNode dashboard = JSON.readTree((String) shipped.get(name));
        assertThat(dashboard.findValues("datasource"))
            .isNotEmpty()
            .allSatisfy(d -> assertThat(d.get("uid").asString()).isEqualTo(uid));
      }
    }
    Containers.Container grafana =
        Containers.all(r).stream()
            .filter(c -> c.workload().equals("r1lat-grafana"))
            .findFirst()
            .orElseThrow();
    assertThat(grafana.env().get("GF_INSTALL_PLUGINS")).contains("grafana-clickhouse-datasource");
    boolean https = overlay.equals("prod");
    assertThat(grafana.env()).containsEntry("CLICKHOUSE_SECURE", Boolean.toString(https));
    assertThat(grafana.env()).containsEntry("CLICKHOUSE_PORT", https ? "8443" : "8123");
  }
}
