package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.r1lat.config.Settings;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every statement the cluster variant renders must parse: ClickHouse's own parser checks each one
 * through formatQuery(), which parses without executing (ON CLUSTER, Replicated engines and
 * Distributed included). ClusterRollupsIT applies it.
 */
@ExtendWith(RealStackExtension.class)
class ClusterVariantIT {

  /** Query parameters travel in the escaped text format: backslashes, newlines, tabs escaped. */
  private static String escaped(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
  }

  @Test
  void shouldRenderOnlyStatementsClickHouseCanParse(Endpoints endpoints) {
    SchemaOptions cluster = cluster("prod_cluster");
    List<String> statements =
        Migrations.bundled().stream().flatMap(m -> Migrator.render(m, cluster).stream()).toList();
    assertThat(statements).hasSizeGreaterThan(20);
    ClickHouseSettings ch =
        new ClickHouseSettings(endpoints.clickhouseHttpUrl(), "default", "", "default");
    try (Client client = ch.client()) {
      for (String sql : statements) {
        String formatted =
            ClickHouseCalls.query(
                    client, "SELECT formatQuery({q:String}) AS f", Map.of("q", escaped(sql)))
                .get(0)
                .getString("f");
        assertThat(formatted).as(sql).isNotBlank();
        // functions are global; a copy (INSERT ... SELECT through Distributed tables) runs once
        if (!sql.startsWith("CREATE FUNCTION") && !sql.startsWith("INSERT")) {
          assertThat(formatted).as(sql).contains("ON CLUSTER prod_cluster");
        }
      }
    }
  }

  /** The cluster variant, configured the way an operator does ({@code migrate.cluster*}). */
  private static SchemaOptions cluster(String name) {
    Map<String, String> flags =
        Map.of(SchemaOptions.CLUSTER.name(), "true", SchemaOptions.CLUSTER_NAME.name(), name);
    return SchemaOptions.from(Settings.load(SchemaOptions.KEYS, null, Map.of(), flags), "r1lat");
  }
}
