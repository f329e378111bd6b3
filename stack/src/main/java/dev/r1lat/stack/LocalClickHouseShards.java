package dev.r1lat.stack;

import dev.r1lat.stack.clickhouse.ChdbServerMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several ClickHouse processes of the local engine (one {@link ChdbServerMain} each) that know each
 * other as the shards of one cluster ({@code <remote_servers>}), one replica per shard: {@code
 * Distributed} tables, {@code cluster()} and {@code remote()} work across them over native TCP.
 *
 * <p>What clickhouse-local cannot do, and therefore this class does not offer: replication and
 * {@code ON CLUSTER}. It connects to ZooKeeper and creates {@code Replicated*MergeTree} tables, but
 * they stay read-only ("Parameter 'interserver_http(s)_port' required for replication is not
 * specified", whatever the config says: only clickhouse-server sets the interserver address), and
 * it starts no DDL worker, so {@code ON CLUSTER} is refused ("Replicated DDL queries are
 * disabled"). Each node therefore gets its DDL itself; see deploy/README.md, "ClickHouse cluster
 * mode".
 */
public final class LocalClickHouseShards implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Ports of one node: HTTP for clients, native TCP for the other shards. */
  public record Node(int httpPort, int tcpPort) {
    public String httpUrl() {
      return "http://127.0.0.1:" + httpPort;
    }

    /** Named in the Keeper config only; clickhouse-local opens no interserver listener. */
    int interserverPort() {
      return tcpPort + 1;
    }
  }

  private final StackSettings settings;
  private final Path dir;
  private final String cluster;
  private final List<Node> nodes;
  private final Long parentPid;
  private final List<ManagedProcess> processes = new ArrayList<>();
  private Integer keeperPort;

  /**
   * @param dir state folder (data, config and log of each node under {@code shard-N/})
   * @param cluster the cluster name the nodes know each other by
   */
  public LocalClickHouseShards(
      StackSettings settings, Path dir, String cluster, List<Node> nodes, Long parentPid) {
    this.settings = settings;
    this.dir = dir;
    this.cluster = cluster;
    this.nodes = List.copyOf(nodes);
    this.parentPid = parentPid;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /**
   * Gives every node a Keeper (a ZooKeeper-protocol server on 127.0.0.1:{@code port}), {@code
   * {shard}} / {@code {replica}} macros, the distributed DDL queue and an interserver port: all a
   * clickhouse-server needs for replication and ON CLUSTER, so what the engine does with them can
   * be checked. Call before {@link #start}.
   */
  public LocalClickHouseShards withKeeper(int port) {
    this.keeperPort = port;
    return this;
  }

  /** Starts every node, then waits until each answers and sees the whole cluster. */
  public void start(Consumer<String> progress) {
    Path lib = new ChdbDistribution(settings.cacheDir(), settings.chdbVersion()).ensure(progress);
    List<ProcessHandle> started = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      started.add(startNode(lib, i));
    }
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      processes
          .get(i)
          .awaitReady(started.get(i), () -> seesWholeCluster(node), settings.startTimeout());
    }
    progress.accept(
        "ClickHouse cluster " + cluster + ": " + nodes.size() + " shards on " + httpUrls());
  }

  private ProcessHandle startNode(Path lib, int index) {
    Node node = nodes.get(index);
    Path nodeDir = dir.resolve("shard-" + (index + 1));
    ManagedProcess process =
        new ManagedProcess("clickhouse", nodeDir, ChdbServerMain.class.getName());
    processes.add(process);
    Path config = writeConfig(nodeDir, index);
    List<String> cmd =
        LocalClickHouse.serverCommand(
            lib, nodeDir.resolve("data"), node.httpPort(), node.tcpPort(), parentPid);
    cmd.add("--config-file");
    cmd.add(config.toString());
    return process.start(cmd, List.of(node.httpPort(), node.tcpPort()));
  }

  /** remote_servers: one shard per node, each shard a single replica on the node's TCP port. */
  String configXml(int index) {
    StringBuilder xml = new StringBuilder("<clickhouse>\n  <remote_servers>\n    <");
    xml.append(cluster).append(">\n");
    for (Node n : nodes) {
      xml.append("      <shard><replica><host>127.0.0.1</host><port>")
          .append(n.tcpPort())
          .append("</port></replica></shard>\n");
    }
    xml.append("    </").append(cluster).append(">\n  </remote_servers>\n");
    if (keeperPort != null) {
      xml.append(keeperXml(index));
    }
    return xml.append("</clickhouse>\n").toString();
  }

  private String keeperXml(int index) {
    return "  <zookeeper><node><host>127.0.0.1</host><port>"
        + keeperPort
        + "</port></node></zookeeper>\n"
        + "  <macros><shard>"
        + (index + 1)
        + "</shard><replica>node-"
        + (index + 1)
        + "</replica></macros>\n"
        + "  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>\n"
        + "  <interserver_http_host>127.0.0.1</interserver_http_host>\n"
        + "  <interserver_http_port>"
        + nodes.get(index).interserverPort()
        + "</interserver_http_port>\n";
  }

  private Path writeConfig(Path nodeDir, int index) {
    try {
      Files.createDirectories(nodeDir);
      Path config = nodeDir.resolve("cluster.xml");
      Files.writeString(config, configXml(index));
      return config;
    } catch (IOException e) {
      throw new StackException("cannot write the config of " + nodeDir + ": " + e, e);
    }
  }

  private boolean seesWholeCluster(Node node) {
    try {
      String n =
          query(node, "SELECT count() FROM system.clusters WHERE cluster = '" + cluster + "'");
      return Integer.parseInt(n.trim()) == nodes.size();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public List<String> httpUrls() {
    return nodes.stream().map(Node::httpUrl).toList();
  }

  /** Runs one statement on one node over HTTP; throws with ClickHouse's message. */
  public String query(Node node, String sql) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(node.httpUrl() + "/"))
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(sql))
              .build();
      HttpResponse<String> res = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new StackException("ClickHouse " + node.httpUrl() + ": " + res.body().trim());
      }
      return res.body();
    } catch (IOException e) {
      throw new StackException("ClickHouse at " + node.httpUrl() + " does not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  /** Stops every node; data stays under the state folder. */
  @Override
  public void close() {
    processes.forEach(ManagedProcess::stop);
  }
}
