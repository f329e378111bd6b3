package dev.r1lat.stack;

import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Where and how the local stack runs. Built once from {@link Settings}; immutable. */
public record StackSettings(
    Path home,
    Path stateDir,
    Path cacheDir,
    int kafkaPort,
    int kafkaControllerPort,
    int clickhouseHttpPort,
    int clickhouseTcpPort,
    String kafkaHeap,
    Duration startTimeout,
    String chdbVersion,
    int topicPartitions) {

  public static final ConfigKey<Path> HOME =
      ConfigKey.path("r1lat.home", ".", "the r1lat checkout (set by ./r1lat)");
  public static final ConfigKey<Path> STATE_DIR =
      ConfigKey.path(
          "stack.state-dir", ".state/stack", "data, logs and pid files of the local stack");
  public static final ConfigKey<Path> CACHE_DIR =
      ConfigKey.path("stack.cache-dir", "~/.cache/r1lat", "downloads reused across clones");
  public static final ConfigKey<Integer> KAFKA_PORT =
      ConfigKey.port("stack.kafka.port", 19092, "Kafka broker listener on 127.0.0.1");
  public static final ConfigKey<Integer> KAFKA_CONTROLLER_PORT =
      ConfigKey.port(
          "stack.kafka.controller-port", 19093, "KRaft controller listener on 127.0.0.1");
  public static final ConfigKey<Integer> CLICKHOUSE_HTTP_PORT =
      ConfigKey.port("stack.clickhouse.http-port", 18123, "ClickHouse HTTP interface on 127.0.0.1");
  public static final ConfigKey<Integer> CLICKHOUSE_TCP_PORT =
      ConfigKey.port("stack.clickhouse.tcp-port", 19000, "ClickHouse native protocol on 127.0.0.1");
  public static final ConfigKey<String> KAFKA_HEAP =
      ConfigKey.string("stack.kafka.heap", "768m", "broker JVM max heap");
  public static final ConfigKey<Duration> START_TIMEOUT =
      ConfigKey.duration(
          "stack.start-timeout", "120s", "how long to wait for each service to be ready");
  public static final ConfigKey<String> CHDB_VERSION =
      ConfigKey.string(
          "stack.chdb.version",
          "26.7.3-stable.1",
          "npm package @chdb/lib-linux-x64-gnu version providing ClickHouse");
  public static final ConfigKey<Integer> TOPIC_PARTITIONS =
      ConfigKey.integer("stack.topic-partitions", 6, "partitions of each topic the stack creates");

  public static final List<ConfigKey<?>> KEYS =
      List.of(
          HOME,
          STATE_DIR,
          CACHE_DIR,
          KAFKA_PORT,
          KAFKA_CONTROLLER_PORT,
          CLICKHOUSE_HTTP_PORT,
          CLICKHOUSE_TCP_PORT,
          KAFKA_HEAP,
          START_TIMEOUT,
          CHDB_VERSION,
          TOPIC_PARTITIONS);

  public static StackSettings from(Settings s) {
    Path home = s.get(HOME).toAbsolutePath().normalize();
    Path state = s.get(STATE_DIR);
    return new StackSettings(
        home,
        state.isAbsolute() ? state : home.resolve(state),
        s.get(CACHE_DIR).toAbsolutePath(),
        s.get(KAFKA_PORT),
        s.get(KAFKA_CONTROLLER_PORT),
        s.get(CLICKHOUSE_HTTP_PORT),
        s.get(CLICKHOUSE_TCP_PORT),
        s.get(KAFKA_HEAP),
        s.get(START_TIMEOUT),
        s.get(CHDB_VERSION),
        s.get(TOPIC_PARTITIONS));
  }

  public Path brokerLib() {
    return home.resolve("deploy/kafka-broker/target/lib");
  }
}
