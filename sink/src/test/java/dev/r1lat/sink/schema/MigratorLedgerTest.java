package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigratorLedgerTest {

  @Test
  void shouldKeepOneLedgerOnASingleNode() {
    String ddl = Migrator.ledgerDdl(SchemaOptions.singleNode("r1lat"));

    assertThat(ddl)
        .startsWith("CREATE TABLE IF NOT EXISTS r1lat.schema_migrations (")
        .contains("ENGINE = ReplacingMergeTree ORDER BY version")
        .doesNotContain("ON CLUSTER")
        .doesNotContain("Replicated");
  }

  @Test
  void shouldReplicateTheLedgerToEveryShardOfTheCluster() {
    SchemaOptions cluster = new SchemaOptions("r1lat", true, "prod", 30, 90, 400, 10_000, "auto");

    String ddl = Migrator.ledgerDdl(cluster);

    // one Keeper path for the whole cluster: a run on any shard sees what a run on another applied
    assertThat(ddl)
        .contains("r1lat.schema_migrations ON CLUSTER prod")
        .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/all',")
        .contains("'{shard}_{replica}')")
        .doesNotContain("{uuid}/{shard}");
  }
}
