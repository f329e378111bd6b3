package dev.r1lat.sink;

import static dev.r1lat.sink.SinkFixture.await;
import static dev.r1lat.sink.SinkFixture.bytes;
import static dev.r1lat.sink.SinkFixture.runInBackground;
import static dev.r1lat.sink.SinkFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalClickHouseShards;
import dev.r1lat.stack.junit.ContainerClickHouseCluster;
import dev.r1lat.stack.junit.ContainerStack;
import dev.r1lat.stack.junit.FreePorts;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster variant of the schema under the real sink, against the single-node schema fed the
 * same topics: every rollup and view must read the same. Two routes: two shards of the local engine
 * (Distributed across processes, per-node DDL: what clickhouse-local can do), and, where a Docker
 * engine is reachable, a real cluster (Keeper, 2 shards x 2 replicas) migrated ON CLUSTER.
 */
@ExtendWith(RealStackExtension.class)
class ClusterRollupsIT {
  private static final AvroCodec<LatencyWindowStats> STATS = AvroCodec.of(LatencyWindowStats.class);
  private static final int TIMINGS = 12_000;
  private static final String[] REGIONS = {"eu-west", "us-east"};
  private static final String[] TIERS = {"H100", "H200"};
  private static final String[] COMPONENTS = {"e2e", "ttft", "decode"};
  private static final int WINDOWS = 240;

  @Test
  void shouldReadTheSameRollupsFromTwoLocalShardsAsFromOneNode(Endpoints endpoints)
      throws Exception {
    SinkFixture single = SinkFixture.create(endpoints);
    String db = single.db().db();
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-shards-");
    List<LocalClickHouseShards.Node> nodes =
        List.of(
            new LocalClickHouseShards.Node(FreePorts.next(), FreePorts.next()),
            new LocalClickHouseShards.Node(FreePorts.next(), FreePorts.next()));
    try (LocalClickHouseShards shards =
        new LocalClickHouseShards(
            RealStackExtension.settingsForTests(),
            dir,
            ClusterSchema.CLUSTER,
            nodes,
            ProcessHandle.current().pid())) {
      shards.start(line -> System.out.println("[r1lat] " + line));
      for (LocalClickHouseShards.Node n : nodes) {
        shards.query(n, "CREATE DATABASE IF NOT EXISTS " + db);
      }
      for (String sql : ClusterSchema.perNode(db)) {
        for (LocalClickHouseShards.Node n : nodes) {
          if (n == nodes.get(0) || !ClusterSchema.oncePerCluster(sql)) {
            Rollups.tsv(n.httpUrl(), db, sql);
          }
        }
      }
      String cluster = nodes.get(0).httpUrl();
      sinkBothAndCompare(single, cluster, db);
      for (LocalClickHouseShards.Node n : nodes) {
        assertThat(localRows(n.httpUrl(), db, "request_timings_local"))
            .as("raw rows on shard %s", n.httpUrl())
            .isBetween(1L, TIMINGS - 1L);
      }
    }
  }

  @Test
  void shouldMigrateOnClusterAndReadTheSameRollupsAsOneNode(Endpoints endpoints) throws Exception {
    assumeTrue(
        ContainerStack.dockerAvailable(),
        "NOT RUN: no Docker engine reachable; the ON CLUSTER / Replicated route needs"
            + " clickhouse-server and clickhouse-keeper containers");
    SinkFixture single = SinkFixture.create(endpoints);
    String db = single.db().db();
    try (ContainerClickHouseCluster cluster =
        new ContainerClickHouseCluster(ClusterSchema.CLUSTER, 2, 2).start()) {
      List<ContainerClickHouseCluster.Node> nodes = cluster.nodes();
      String first = nodes.get(0).httpUrl();
      ClickHouseSettings ch = new ClickHouseSettings(first, "default", "", db);
      try (var client = ch.withDatabase("default").client()) {
        new Migrator(client, ClusterSchema.options(db), line -> {}).migrate(Migrations.bundled());
      }
      // the migrate Job reaches the cluster through a Service: a later run may land on any shard
      ContainerClickHouseCluster.Node otherShard =
          nodes.stream().filter(n -> n.shard() == 2).findFirst().orElseThrow();
      Rollups.tsv(otherShard.httpUrl(), db, "SYSTEM SYNC REPLICA schema_migrations");
      ClickHouseSettings other = new ClickHouseSettings(otherShard.httpUrl(), "default", "", db);
      try (var client = other.withDatabase("default").client()) {
        Migrator.Outcome again =
            new Migrator(client, ClusterSchema.options(db), line -> {})
                .migrate(Migrations.bundled());
        assertThat(again.applied()).as("migrations re-applied through shard 2").isEmpty();
      }
      sinkBothAndCompare(single, first, db);
      for (ContainerClickHouseCluster.Node n : nodes) {
        Rollups.tsv(n.httpUrl(), db, "SYSTEM SYNC REPLICA request_timings_local");
        Rollups.tsv(n.httpUrl(), db, "SYSTEM SYNC REPLICA latency_stats_1h_local");
      }
      for (ContainerClickHouseCluster.Node n : nodes) {
        ContainerClickHouseCluster.Node peer = peer(nodes, n);
        assertThat(localRows(n.httpUrl(), db, "request_timings_local"))
            .as("raw rows of shard %d, replica %d", n.shard(), n.replica())
            .isBetween(1L, TIMINGS - 1L)
            .isEqualTo(localRows(peer.httpUrl(), db, "request_timings_local"));
        Rollups.assertSame(
            "hourly rollup of replica " + n.replica() + " vs " + peer.replica(),
            Rollups.tsv(peer.httpUrl(), db, LOCAL_HOURLY),
            Rollups.tsv(n.httpUrl(), db, LOCAL_HOURLY));
      }
    }
  }

  private static final String LOCAL_HOURLY =
      "SELECT hour, region, tier, component, sum(total_count),"
          + " r1lat_quantile(sumMapMerge(sketch), 0.99) FROM latency_stats_1h_local"
          + " GROUP BY ALL ORDER BY ALL";

  private static ContainerClickHouseCluster.Node peer(
      List<ContainerClickHouseCluster.Node> nodes, ContainerClickHouseCluster.Node n) {
    return nodes.stream()
        .filter(o -> o.shard() == n.shard() && o.replica() != n.replica())
        .findFirst()
        .orElseThrow();
  }

  /**
   * Seeds the fixture's topics, runs one sink into the single node and one (its own group) into the
   * cluster, then compares every rollup query and every view.
   */
  private static void sinkBothAndCompare(SinkFixture single, String clusterUrl, String db)
      throws Exception {
    seed(single);
    SinkSettings toCluster =
        SinkSettings.defaults(
                single.endpoints().kafkaBootstrap(),
                single.topics().requestTimings().name() + ".cluster-sink",
                prefixOf(single))
            .withBatching(2_000, Duration.ofMillis(300));
    ClickHouseSettings clusterCh = new ClickHouseSettings(clusterUrl, "default", "", db);
    long expected = TIMINGS + (long) WINDOWS * REGIONS.length * TIERS.length * COMPONENTS.length;
    AtomicReference<Throwable> died = new AtomicReference<>();
    SinkRuntime one = single.sink(single.writer());
    SinkRuntime many = SinkRuntime.start(toCluster, SinkRuntime.writer(toCluster, clusterCh));
    Thread t1 = runInBackground(one, died);
    Thread t2 = runInBackground(many, died);
    await(
        "both sinks",
        Duration.ofSeconds(90),
        () ->
            one.sink().metrics().totalRows() >= expected
                && many.sink().metrics().totalRows() >= expected);
    stop(one, t1);
    stop(many, t2);
    assertThat(died.get()).isNull();

    String singleUrl = single.endpoints().clickhouseHttpUrl();
    long rows = 0;
    for (String q : Rollups.QUERIES) {
      String reference = Rollups.tsv(singleUrl, db, q);
      assertThat(reference).as(q).isNotBlank();
      Rollups.assertSame(q, reference, Rollups.tsv(clusterUrl, db, q));
      rows += reference.lines().count();
    }
    List<String> views = Rollups.views(singleUrl, db);
    assertThat(views).contains("latency_over_time", "component_breakdown", "latency_week");
    assertThat(Rollups.views(clusterUrl, db)).containsExactlyElementsOf(views);
    for (String v : views) {
      String reference = Rollups.view(singleUrl, db, v);
      Rollups.assertSame("view " + v, reference, Rollups.view(clusterUrl, db, v));
      rows += reference.lines().count();
    }
    System.out.printf(
        "[r1lat] cluster at %s reads the same as one node: %d rollup queries and %d views,"
            + " %d rows%n",
        clusterUrl, Rollups.QUERIES.size(), views.size(), rows);
  }

  /** Raw timings (both regions and tiers) and minute stats across two ISO weeks, many hours. */
  private static void seed(SinkFixture f) {
    f.produceTimings(0, TIMINGS);
    try (var p = f.producer()) {
      for (int w = 0; w < WINDOWS; w++) {
        // every 41 minutes from 3 days before T0 (a Monday): two ISO weeks, all in the past
        long start = TestData.T0 - 3 * 86_400_000L + w * 41 * 60_000L;
        for (String region : REGIONS) {
          for (String tier : TIERS) {
            for (String component : COMPONENTS) {
              long seed = w * 31L + region.hashCode() + tier.hashCode() + component.hashCode();
              var s =
                  TestData.stats(
                      start, region, tier, component, TestData.sketch(seed, 60, 200 + w % 97));
              p.send(
                  new ProducerRecord<>(
                      f.topics().latencyStats1m().name(),
                      bytes(region + "|" + tier),
                      STATS.encode(s)));
            }
          }
        }
      }
    }
  }

  private static String prefixOf(SinkFixture f) {
    String input = f.topics().requestTimings().name();
    return input.substring(0, input.indexOf('.') + 1);
  }

  private static long localRows(String url, String db, String table) {
    return Long.parseLong(Rollups.tsv(url, db, "SELECT count() FROM " + table).strip());
  }
}
