package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.stack.LocalClickHouseShards;
import dev.r1lat.stack.junit.FreePorts;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Migrator on two shards of the local engine. A migration that copies through a Distributed
 * table (V008 in the cluster variant) is followed by statements that swap the tables it copied
 * into, so the copy must have reached every shard when its statement returns; an insert queued for
 * a background send would land in whatever table carries the name by then.
 */
class MigratorOnShardsIT {
  private static final String CLUSTER = "r1lat";

  @Test
  void shouldHaveACopyThroughADistributedTableOnEveryShardWhenItsStatementReturns()
      throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-shards-");
    List<LocalClickHouseShards.Node> nodes =
        List.of(
            new LocalClickHouseShards.Node(FreePorts.next(), FreePorts.next()),
            new LocalClickHouseShards.Node(FreePorts.next(), FreePorts.next()));
    String db = "copy_" + ProcessHandle.current().pid();
    try (LocalClickHouseShards shards =
        new LocalClickHouseShards(
            RealStackExtension.settingsForTests(),
            dir,
            CLUSTER,
            nodes,
            ProcessHandle.current().pid())) {
      shards.start(line -> System.out.println("[r1lat] " + line));
      for (LocalClickHouseShards.Node n : nodes) {
        shards.query(n, "CREATE DATABASE " + db);
        shards.query(n, "CREATE TABLE " + db + ".t_local (k UInt64) ENGINE = MergeTree ORDER BY k");
        shards.query(
            n,
            "CREATE TABLE "
                + db
                + ".t AS "
                + db
                + ".t_local"
                + " ENGINE = Distributed("
                + CLUSTER
                + ", "
                + db
                + ", t_local, k)");
      }
      Migration copy =
          new Migration(1, "copy", "INSERT INTO t SELECT number FROM numbers(1000);\n");
      ClickHouseSettings ch = new ClickHouseSettings(nodes.get(0).httpUrl(), "default", "", db);
      try (Client client = ch.withDatabase("default").client()) {
        new Migrator(client, SchemaOptions.singleNode(db), line -> {}).migrate(List.of(copy));
      }

      for (LocalClickHouseShards.Node n : nodes) {
        assertThat(shards.query(n, "SELECT count() FROM " + db + ".t_local").strip())
            .as("rows on the shard at %s when the migration returned", n.httpUrl())
            .isEqualTo("500");
      }
    }
  }
}
