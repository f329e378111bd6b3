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
    int topicPartitions,
    String kafkaSecurity,
    boolean clickhouseAuth) {

  public static final String PLAINTEXT = "plaintext";
  public static final String SASL_SSL = "sasl_ssl";

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

  public static final ConfigKey<String> KAFKA_SECURITY =
      ConfigKey.string(
          "stack.kafka.security",
          PLAINTEXT,
          "plaintext, or sasl_ssl: TLS with a generated CA and SCRAM-SHA-512 users (fresh state"
              + " dir only; clients: --config STATE/security/client.properties)");
  public static final ConfigKey<Boolean> CLICKHOUSE_AUTH =
      ConfigKey.bool(
          "stack.clickhouse.auth",
          false,
          "password-protected ClickHouse users: admin, sink (role r1lat_writer),"
              + " analyst (role r1lat_analyst)");

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
          TOPIC_PARTITIONS,
          KAFKA_SECURITY,
          CLICKHOUSE_AUTH);

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
        s.get(TOPIC_PARTITIONS),
        kafkaSecurity(s.get(KAFKA_SECURITY)),
        s.get(CLICKHOUSE_AUTH));
  }

  private static String kafkaSecurity(String raw) {
    String mode = raw.trim().toLowerCase(java.util.Locale.ROOT);
    if (!mode.equals(PLAINTEXT) && !mode.equals(SASL_SSL)) {
      throw new dev.r1lat.config.ConfigException(
          KAFKA_SECURITY.name() + "=" + raw + " is not valid: plaintext or sasl_ssl");
    }
    return mode;
  }

  public boolean kafkaSecured() {
    return kafkaSecurity.equals(SASL_SSL);
  }

  /** The same settings with another Kafka security mode and ClickHouse authentication. */
  public StackSettings withSecurity(String kafka, boolean clickhouse) {
    return new StackSettings(
        home,
        stateDir,
        cacheDir,
        kafkaPort,
        kafkaControllerPort,
        clickhouseHttpPort,
        clickhouseTcpPort,
        kafkaHeap,
        startTimeout,
        chdbVersion,
        topicPartitions,
        kafkaSecurity(kafka),
        clickhouse);
  }

  public Path brokerLib() {
    return home.resolve("deploy/kafka-broker/target/lib");
  }
}
