package dev.r1lat.stack;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a client needs to reach a secured local stack ({@code stack.kafka.security=sasl_ssl}, {@code
 * stack.clickhouse.auth=true}): Kafka client settings of its SCRAM users, and the ClickHouse users'
 * passwords. Everything is generated into {@code STATE/security} (owner-readable only) the first
 * time; {@link #clientConfigFile()} is an r1lat settings file for {@code ./r1lat --config}.
 */
public final class StackSecurity {
  /** Kafka SCRAM user of the applications: a super user, allowed everything. */
  public static final String KAFKA_APP_USER = StackCredentials.KAFKA_APP;

  /** Kafka SCRAM user of the broker itself and of the stack's admin calls. */
  public static final String KAFKA_ADMIN_USER = StackCredentials.KAFKA_ADMIN;

  public static final String CLICKHOUSE_ADMIN_USER = StackCredentials.CLICKHOUSE_ADMIN;

  /** ClickHouse user with role r1lat_writer: what the sink should run as. */
  public static final String CLICKHOUSE_SINK_USER = StackCredentials.CLICKHOUSE_SINK;

  /** ClickHouse user with role r1lat_analyst: SELECT only. */
  public static final String CLICKHOUSE_ANALYST_USER = StackCredentials.CLICKHOUSE_ANALYST;

  private final StackSettings settings;
  private final StackCredentials credentials;
  private final SecureKafkaConfig kafka;
  private final ClickHouseUsers clickhouse;

  StackSecurity(StackSettings settings) {
    this.settings = settings;
    this.credentials = new StackCredentials(settings.stateDir().resolve("security"));
    this.kafka = new SecureKafkaConfig(credentials);
    this.clickhouse = new ClickHouseUsers(credentials);
  }

  SecureKafkaConfig kafka() {
    return kafka;
  }

  ClickHouseUsers clickhouse() {
    return clickhouse;
  }

  /**
   * Raw Kafka client settings (no {@code kafka.} prefix) for the applications' SCRAM user; empty
   * for a PLAINTEXT stack.
   */
  public Map<String, String> kafkaClientSettings() {
    return kafkaClientSettings(KAFKA_APP_USER, kafka.kafkaPassword(KAFKA_APP_USER));
  }

  /**
   * The same for a Kafka user of this stack (the app user, or a component user it was started
   * with), with its generated password.
   */
  public Map<String, String> kafkaClientSettings(String user) {
    return kafkaClientSettings(user, kafka.kafkaPassword(user));
  }

  /** The same for any user and password (tests use wrong ones). */
  public Map<String, String> kafkaClientSettings(String user, String password) {
    return settings.kafkaSecured() ? kafka.clientProperties(user, password) : Map.of();
  }

  /**
   * Raw Kafka client settings of the admin user (the stack's own calls), whatever the settings say:
   * a broker formatted for SASL_SSL stays so, and {@code stack status} must still reach it.
   */
  Map<String, String> kafkaAdminSettings() {
    return kafka.clientProperties(KAFKA_ADMIN_USER, kafka.kafkaPassword(KAFKA_ADMIN_USER));
  }

  /** The ClickHouse admin's password, for a server started with authentication. */
  String clickhouseAdminPassword() {
    return credentials.clickhouse(CLICKHOUSE_ADMIN_USER);
  }

  /** The password of a ClickHouse user of the stack; null when authentication is off. */
  public String clickhousePassword(String user) {
    return settings.clickhouseAuth() ? credentials.clickhouse(user) : null;
  }

  /** A file holding that password, for {@code clickhouse.password-file}. */
  public Path clickhousePasswordFile(String user) {
    return clickhouse.passwordFile(user);
  }

  /** STATE/security/client.properties: settings that let every ./r1lat command use the stack. */
  public Path clientConfigFile() {
    return credentials.securityDir().resolve("client.properties");
  }

  /**
   * STATE/security/kafka-USER.properties: the Kafka settings of one component user only, a {@code
   * --config} file for that component.
   */
  public Path clientConfigFile(String kafkaUser) {
    return credentials.securityDir().resolve("kafka-" + kafkaUser + ".properties");
  }

  /** Writes {@link #clientConfigFile()} (owner-readable only): Kafka app user, ClickHouse admin. */
  void writeClientConfig(String bootstrap) {
    Map<String, String> entries = kafkaEntries(bootstrap, kafkaClientSettings());
    if (settings.clickhouseAuth()) {
      entries.put("clickhouse.user", CLICKHOUSE_ADMIN_USER);
      entries.put(
          "clickhouse.password-file", clickhousePasswordFile(CLICKHOUSE_ADMIN_USER).toString());
    }
    write(clientConfigFile(), entries);
  }

  /** Writes {@link #clientConfigFile(String)} (owner-readable only) for a Kafka user. */
  void writeClientConfig(String bootstrap, String kafkaUser) {
    write(clientConfigFile(kafkaUser), kafkaEntries(bootstrap, kafkaClientSettings(kafkaUser)));
  }

  private static Map<String, String> kafkaEntries(String bootstrap, Map<String, String> client) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("kafka.bootstrap-servers", bootstrap);
    client.forEach((k, v) -> entries.put("kafka." + k, v));
    return entries;
  }

  private static void write(Path file, Map<String, String> entries) {
    Properties p = new Properties();
    p.putAll(entries);
    StringWriter text = new StringWriter();
    try {
      p.store(text, "r1lat settings for the secured local stack: ./r1lat CMD --config THIS_FILE");
    } catch (IOException e) {
      throw new StackException("cannot render client settings: " + e.getMessage(), e);
    }
    StackCredentials.writePrivate(file, text.toString());
  }
}
