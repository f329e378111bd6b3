package dev.r1lat.stack.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;

/**
 * A real ClickHouse cluster in containers, for machines with a Docker engine: one ClickHouse Keeper
 * and {@code shards x replicas} clickhouse-server nodes that know each other as cluster {@code
 * name} (internal replication), with {@code {shard}} / {@code {replica}} macros and the distributed
 * DDL queue, so {@code ON CLUSTER}, {@code Replicated*MergeTree} and {@code Distributed} all run as
 * in production. The local engine cannot do that (see deploy/README.md, "ClickHouse cluster mode").
 */
public final class ContainerClickHouseCluster implements AutoCloseable {
  static final String SERVER_IMAGE = ContainerStack.CLICKHOUSE_IMAGE;
  static final String KEEPER_IMAGE = "clickhouse/clickhouse-keeper:26.7";
  private static final int HTTP = 8123;
  private static final int KEEPER_PORT = 9181;

  /** One server: its shard and replica (1-based) and its container. */
  public record Node(int shard, int replica, GenericContainer<?> container) {
    public String httpUrl() {
      return "http://" + container.getHost() + ":" + container.getMappedPort(HTTP);
    }
  }

  private final String name;
  private final int shards;
  private final int replicas;
  private final Network network = Network.newNetwork();
  private GenericContainer<?> keeper;
  private final List<Node> nodes = new ArrayList<>();

  public ContainerClickHouseCluster(String name, int shards, int replicas) {
    this.name = name;
    this.shards = shards;
    this.replicas = replicas;
  }

  /** Starts Keeper and every server (in parallel) and waits until each answers /ping. */
  @SuppressWarnings("resource") // closed in close()
  public ContainerClickHouseCluster start() {
    keeper =
        new GenericContainer<>(KEEPER_IMAGE)
            .withNetwork(network)
            .withNetworkAliases("keeper")
            .withCopyToContainer(
                Transferable.of(keeperXml()), "/etc/clickhouse-keeper/keeper_config.xml")
            .withExposedPorts(KEEPER_PORT)
            .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
    keeper.start();
    for (int s = 1; s <= shards; s++) {
      for (int r = 1; r <= replicas; r++) {
        nodes.add(new Node(s, r, server(s, r)));
      }
    }
    Startables.deepStart(nodes.stream().map(Node::container)).join();
    return this;
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  @SuppressWarnings("resource") // closed in close()
  private GenericContainer<?> server(int shard, int replica) {
    return new GenericContainer<>(SERVER_IMAGE)
        .withNetwork(network)
        .withNetworkAliases(host(shard, replica))
        // our users.d below opens the default user to the network with access management
        .withEnv("CLICKHOUSE_SKIP_USER_SETUP", "1")
        .withCopyToContainer(
            Transferable.of(clusterXml(shard, replica)),
            "/etc/clickhouse-server/config.d/r1lat-cluster.xml")
        .withCopyToContainer(
            Transferable.of(USERS_XML), "/etc/clickhouse-server/users.d/r1lat-default.xml")
        .withExposedPorts(HTTP)
        .waitingFor(Wait.forHttp("/ping").forPort(HTTP).withStartupTimeout(Duration.ofMinutes(3)));
  }

  static String host(int shard, int replica) {
    return "ch-s" + shard + "r" + replica;
  }

  /** zookeeper (Keeper), macros, remote_servers, the DDL queue and the interserver host. */
  String clusterXml(int shard, int replica) {
    StringBuilder x = new StringBuilder("<clickhouse>\n");
    x.append("  <zookeeper><node><host>keeper</host><port>")
        .append(KEEPER_PORT)
        .append("</port></node></zookeeper>\n");
    x.append("  <macros><shard>")
        .append(shard)
        .append("</shard><replica>")
        .append(host(shard, replica))
        .append("</replica></macros>\n");
    x.append("  <interserver_http_host>").append(host(shard, replica));
    x.append("</interserver_http_host>\n");
    x.append("  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>\n");
    x.append("  <remote_servers><").append(name).append(">\n");
    for (int s = 1; s <= shards; s++) {
      x.append("    <shard><internal_replication>true</internal_replication>\n");
      for (int r = 1; r <= replicas; r++) {
        x.append("      <replica><host>")
            .append(host(s, r))
            .append("</host><port>9000</port></replica>\n");
      }
      x.append("    </shard>\n");
    }
    x.append("  </").append(name).append("></remote_servers>\n</clickhouse>\n");
    return x.toString();
  }

  private static final String USERS_XML =
      "<clickhouse><users><default><password></password>"
          + "<networks><ip>::/0</ip></networks><access_management>1</access_management>"
          + "</default></users></clickhouse>\n";

  /** One Keeper; its storage in the folders the keeper image's entrypoint creates and owns. */
  static String keeperXml() {
    return "<clickhouse>\n"
        + "  <listen_host>0.0.0.0</listen_host>\n"
        + "  <logger><level>information</level><console>1</console></logger>\n"
        + "  <keeper_server>\n"
        + "    <tcp_port>"
        + KEEPER_PORT
        + "</tcp_port>\n"
        + "    <server_id>1</server_id>\n"
        + "    <log_storage_path>/var/lib/clickhouse/coordination/log</log_storage_path>\n"
        + "    <snapshot_storage_path>/var/lib/clickhouse/coordination/snapshots</snapshot_storage_path>\n"
        + "    <raft_configuration><server><id>1</id><hostname>localhost</hostname>"
        + "<port>9234</port></server></raft_configuration>\n"
        + "  </keeper_server>\n"
        + "</clickhouse>\n";
  }

  @Override
  public void close() {
    nodes.forEach(n -> n.container().stop());
    if (keeper != null) {
      keeper.stop();
    }
    network.close();
  }
}
