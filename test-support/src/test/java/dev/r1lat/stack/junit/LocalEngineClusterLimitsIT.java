package dev.r1lat.stack.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.stack.LocalClickHouseShards;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the local engine (clickhouse-local from libchdb) does with a Keeper, as deploy/README.md
 * ("ClickHouse cluster mode") states it: it reaches the Keeper, but its replicated tables never
 * become writable and it refuses ON CLUSTER; Distributed works. Should a libchdb upgrade lift a
 * limit, this fails, and the local cluster route can take replication or ON CLUSTER on.
 */
class LocalEngineClusterLimitsIT {
  private static ServerCnxnFactory keeper;
  private static ZooKeeperServer zooKeeper;
  private static LocalClickHouseShards nodes;

  @BeforeAll
  static void start() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    Path zkDir = Files.createTempDirectory(target, "it-zk-");
    int zkPort = FreePorts.next();
    zooKeeper = new ZooKeeperServer(zkDir.toFile(), zkDir.toFile(), 2000);
    keeper = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", zkPort), 100);
    keeper.startup(zooKeeper);
    nodes =
        new LocalClickHouseShards(
                RealStackExtension.settingsForTests(),
                Files.createTempDirectory(target, "it-keeper-shards-"),
                "r1lat",
                List.of(
                    new LocalClickHouseShards.Node(FreePorts.next(), FreePorts.next()),
                    new LocalClickHouseShards.Node(FreePorts.next(), FreePorts.next())),
                ProcessHandle.current().pid())
            .withKeeper(zkPort);
    nodes.start(line -> System.out.println("[r1lat] " + line));
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
    if (keeper != null) {
      keeper.shutdown();
      zooKeeper.shutdown();
    }
  }

  @Test
  void shouldRegisterReplicasInKeeperButNeverMakeThemWritable() throws Exception {
    for (LocalClickHouseShards.Node n : nodes.nodes()) {
      nodes.query(
          n,
          "CREATE TABLE default.replicated (k UInt64) ENGINE ="
              + " ReplicatedMergeTree('/clickhouse/tables/limits/replicated', '{replica}')"
              + " ORDER BY k");
    }
    LocalClickHouseShards.Node first = nodes.nodes().get(0);
    Thread.sleep(3_000); // the restarting thread retries every few hundred ms
    assertThat(
            nodes.query(
                first,
                "SELECT total_replicas, active_replicas, is_readonly FROM system.replicas"
                    + " WHERE table = 'replicated'"))
        .as("both replicas registered in the Keeper, none active")
        .isEqualTo("2\t0\t1\n");
    // without retries: an insert retries the Keeper commit up to 20 times before it gives up
    assertThatThrownBy(
            () ->
                nodes.query(
                    first,
                    "INSERT INTO default.replicated SETTINGS insert_keeper_max_retries = 0"
                        + " VALUES (1)"))
        .hasMessageContaining("TABLE_IS_READ_ONLY");
  }

  @Test
  void shouldRefuseOnClusterForWantOfADdlWorker() {
    assertThatThrownBy(
            () ->
                nodes.query(
                    nodes.nodes().get(0),
                    "CREATE TABLE default.everywhere ON CLUSTER r1lat (k UInt64)"
                        + " ENGINE = MergeTree ORDER BY k"))
        .hasMessageContaining("Replicated DDL queries are disabled");
  }

  @Test
  void shouldInsertAndReadThroughADistributedTableAcrossTheProcesses() {
    for (LocalClickHouseShards.Node n : nodes.nodes()) {
      nodes.query(n, "CREATE TABLE default.part (k UInt64) ENGINE = MergeTree ORDER BY k");
      nodes.query(
          n,
          "CREATE TABLE default.whole AS default.part ENGINE = Distributed(r1lat, default, part, k)");
    }
    LocalClickHouseShards.Node first = nodes.nodes().get(0);
    nodes.query(
        first,
        "INSERT INTO default.whole SELECT number FROM numbers(1000)"
            + " SETTINGS distributed_foreground_insert = 1");
    for (LocalClickHouseShards.Node n : nodes.nodes()) {
      assertThat(nodes.query(n, "SELECT count() FROM default.part")).isEqualTo("500\n");
      assertThat(nodes.query(n, "SELECT count(), sum(k) FROM default.whole"))
          .isEqualTo("1000\t499500\n");
    }
  }
}
