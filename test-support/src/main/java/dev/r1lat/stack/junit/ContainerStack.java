package dev.r1lat.stack.junit;

import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Databases;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.StackBootstrap;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same stack in containers, for machines with a Docker engine. Containers live as long as this
 * JVM (Testcontainers' reaper removes them), so this provider serves tests, not {@code stack up}.
 */
public final class ContainerStack implements Stack {
  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  static final String CLICKHOUSE_IMAGE = "clickhouse/clickhouse-server:26.7";

  private final Topics topics;
  private final int partitions;
  private KafkaContainer kafka;
  private ClickHouseContainer clickhouse;

  public ContainerStack(Topics topics, int partitions) {
    this.topics = topics;
    this.partitions = partitions;
  }

  /** True when a Docker engine answers; never throws. */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  @Override
  public synchronized Endpoints start() {
    if (kafka == null) {
      kafka = new KafkaContainer(KAFKA_IMAGE);
      clickhouse = new ClickHouseContainer(CLICKHOUSE_IMAGE);
      kafka.start();
      clickhouse.start();
      StackBootstrap.createTopics(kafka.getBootstrapServers(), topics, partitions);
      Databases.createDatabase(endpoints());
    }
    return endpoints();
  }

  @Override
  public List<ServiceStatus> status() {
    return List.of(
        new ServiceStatus("kafka", kafka != null && kafka.isRunning(), "container " + KAFKA_IMAGE),
        new ServiceStatus(
            "clickhouse",
            clickhouse != null && clickhouse.isRunning(),
            "container " + CLICKHOUSE_IMAGE));
  }

  @Override
  public synchronized void stop() {
    if (clickhouse != null) {
      clickhouse.stop();
      kafka.stop();
      clickhouse = null;
      kafka = null;
    }
  }

  @Override
  public Endpoints endpoints() {
    return new Endpoints(
        kafka.getBootstrapServers(),
        "http://" + clickhouse.getHost() + ":" + clickhouse.getMappedPort(8123));
  }
}
