package dev.r1lat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets from the environment or files, into every Kafka client, never into listings. */
class SecretSettingsTest {
  static final ConfigKey<String> PASSWORD =
      ConfigKey.string("clickhouse.password", "", "ClickHouse password");
  static final ConfigKey<Integer> PORT = ConfigKey.port("stack.kafka.port", 19092, "broker port");
  static final List<ConfigKey<?>> KEYS = List.of(CommonKeys.KAFKA_BOOTSTRAP, PASSWORD, PORT);

  static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"r1lat\" password=\"s3cr3t-jaas\";";

  @Test
  void shouldTurnKafkaEnvironmentVariablesIntoClientSettings() {
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of(
                "R1LAT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "R1LAT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "R1LAT_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "R1LAT_KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "R1LAT_STACK_KAFKA_PORT", "29092"),
            Map.of());

    assertThat(KafkaClientConfigs.base(s))
        .containsEntry("bootstrap.servers", "broker:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        // typed keys are never raw client settings
        .doesNotContainKeys("bootstrap.servers.", "bootstrap-servers", "port");
    assertThat(s.get(PORT)).isEqualTo(29092);
  }

  @Test
  void shouldLetFlagsOverrideTheEnvironmentForClientSettings() {
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of("R1LAT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
            Map.of("kafka.security.protocol", "SSL"));
    assertThat(KafkaClientConfigs.overrides(s)).containsEntry("security.protocol", "SSL");
  }

  @Test
  void shouldReadSecretsFromFilesNamedInTheEnvironment(@TempDir Path dir) throws Exception {
    Path jaas = Files.writeString(dir.resolve("jaas"), JAAS + "\n");
    Path password = Files.writeString(dir.resolve("ch-password"), "pa ss\n");
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of(
                "R1LAT_KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
                "R1LAT_CLICKHOUSE_PASSWORD_FILE", password.toString()),
            Map.of());

    assertThat(KafkaClientConfigs.overrides(s))
        .containsEntry("sasl.jaas.config", JAAS)
        .doesNotContainKey("sasl.jaas.config-file");
    assertThat(s.get(PASSWORD)).isEqualTo("pa ss");
  }

  @Test
  void shouldReadSecretsFromFilesNamedInTheConfigFile(@TempDir Path dir) throws Exception {
    Path password = Files.writeString(dir.resolve("pw"), "from-file");
    Path config =
        Files.writeString(
            dir.resolve("r1lat.properties"),
            "clickhouse.password=ignored\nclickhouse.password-file=" + password + "\n");
    assertThat(Settings.load(KEYS, config, Map.of(), Map.of()).get(PASSWORD))
        .isEqualTo("from-file");
  }

  @Test
  void shouldKeepANonSecretKafkaFileSettingAsItIs() {
    // Kafka's own *.file settings (e.g. an OAuth assertion file) are paths, not secret references
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of("R1LAT_KAFKA_SASL_OAUTHBEARER_ASSERTION_FILE", "/run/assertion.jwt"),
            Map.of());
    assertThat(KafkaClientConfigs.overrides(s))
        .containsEntry("sasl.oauthbearer.assertion.file", "/run/assertion.jwt");
  }

  @Test
  void shouldNameTheSettingButNotTheContentWhenASecretFileIsMissing(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                Settings.load(
                    KEYS,
                    null,
                    Map.of("R1LAT_CLICKHOUSE_PASSWORD_FILE", dir.resolve("nope").toString()),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("clickhouse.password-file")
        .hasMessageContaining("no such file");
  }

  @Test
  void shouldMaskSecretsInTheListing() {
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of(
                "R1LAT_CLICKHOUSE_PASSWORD", "ch-pass-123", "R1LAT_KAFKA_SASL_JAAS_CONFIG", JAAS),
            Map.of("kafka.ssl.truststore.password", "trust-pass-456"));

    String listing = s.describe();

    assertThat(listing)
        .doesNotContain("ch-pass-123")
        .doesNotContain("s3cr3t-jaas")
        .doesNotContain("trust-pass-456")
        .contains("clickhouse.password")
        .contains("kafka.sasl.jaas.config")
        .contains("kafka.ssl.truststore.password")
        .contains(Secrets.MASK);
  }

  @Test
  void shouldNotPrintASecretThatFailsToParse() {
    ConfigKey<Integer> secretNumber = ConfigKey.integer("api.token", 1, "a numeric token");
    assertThatThrownBy(
            () ->
                Settings.load(
                    List.of(secretNumber), null, Map.of("R1LAT_API_TOKEN", "x9z"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api.token")
        .hasMessageNotContaining("x9z");
  }

  @Test
  void shouldDescribeAClientConfigWithSecretsMasked() {
    String line =
        KafkaClientConfigs.describe(
            KafkaClientConfigs.base(
                "b:9093",
                Map.of(
                    "security.protocol", "SASL_SSL",
                    "sasl.jaas.config", JAAS,
                    "ssl.truststore.password", "trust-pass-456")));
    assertThat(line)
        .contains("bootstrap.servers=b:9093")
        .contains("security.protocol=SASL_SSL")
        .contains("sasl.jaas.config=" + Secrets.MASK)
        .doesNotContain("s3cr3t-jaas")
        .doesNotContain("trust-pass-456");
  }

  @Test
  void shouldRecogniseSecretNames() {
    assertThat(Secrets.isSecret("kafka.sasl.jaas.config")).isTrue();
    assertThat(Secrets.isSecret("ssl.keystore.password")).isTrue();
    assertThat(Secrets.isSecret("gateway.auth-token")).isTrue();
    assertThat(Secrets.isSecret("basic.auth.user.info")).isTrue();
    assertThat(Secrets.isSecret("clickhouse.password-file")).isFalse();
    assertThat(Secrets.isSecret("kafka.bootstrap-servers")).isFalse();
    assertThat(Secrets.isSecret("ssl.truststore.location")).isFalse();
  }
}
