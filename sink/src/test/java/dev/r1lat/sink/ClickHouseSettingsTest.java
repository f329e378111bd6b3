package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ClickHouse credentials come from the environment or a file and never reach printed text. */
class ClickHouseSettingsTest {
  private static final List<dev.r1lat.config.ConfigKey<?>> KEYS = keys();

  private static List<dev.r1lat.config.ConfigKey<?>> keys() {
    List<dev.r1lat.config.ConfigKey<?>> all = new ArrayList<>(ClickHouseSettings.KEYS);
    all.addAll(SinkSettings.KEYS);
    return all;
  }

  @Test
  void shouldTakeThePasswordFromTheEnvironment() {
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of("R1LAT_CLICKHOUSE_USER", "sink", "R1LAT_CLICKHOUSE_PASSWORD", "env-secret-1"),
            Map.of());
    ClickHouseSettings ch = ClickHouseSettings.from(s, "http://127.0.0.1:18123");
    assertThat(ch.user()).isEqualTo("sink");
    assertThat(ch.password()).isEqualTo("env-secret-1");
  }

  @Test
  void shouldTrustTheCaNamedBySettingForHttps() {
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of(
                "R1LAT_CLICKHOUSE_URL", "https://clickhouse-r1lat:8443",
                "R1LAT_CLICKHOUSE_SSL_ROOT_CERTIFICATE", "/etc/r1lat/clickhouse-ca/ca.crt"),
            Map.of());
    ClickHouseSettings ch = ClickHouseSettings.from(s, "http://127.0.0.1:18123");
    assertThat(ch.rootCertificate()).isEqualTo("/etc/r1lat/clickhouse-ca/ca.crt");
    assertThat(ch.withDatabase("other").rootCertificate()).isEqualTo(ch.rootCertificate());
    assertThat(ClickHouseSettings.from(Settings.defaults(KEYS), "http://x").rootCertificate())
        .isEmpty();
  }

  @Test
  void shouldTakeThePasswordFromAFileNamedBySetting(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "file-secret-2\n");
    Settings s =
        Settings.load(KEYS, null, Map.of(), Map.of("clickhouse.password-file", file.toString()));
    assertThat(ClickHouseSettings.from(s, "http://h:8123").password()).isEqualTo("file-secret-2");
  }

  @Test
  void shouldNeverPrintThePassword() {
    ClickHouseSettings ch =
        new ClickHouseSettings("https://ch.example:8443", "sink", "printed-secret-3", "r1lat");
    assertThat(ch.toString())
        .doesNotContain("printed-secret-3")
        .contains("user=sink")
        .contains("https://ch.example:8443");
  }

  @Test
  void shouldStripCredentialsFromADisplayedUrl() {
    assertThat(
            new ClickHouseSettings("https://sink:url-secret-4@ch.example:8443/", "u", "", "db")
                .displayUrl())
        .isEqualTo("https://ch.example:8443/")
        .doesNotContain("url-secret-4");
    assertThat(
            ClickHouseSettings.redactUrl(
                "http://ch:8123/?user=sink&password=url-secret-5&database=r1lat"))
        .doesNotContain("url-secret-5")
        .contains("database=r1lat")
        .contains("user=sink");
    assertThat(ClickHouseSettings.redactUrl("http://127.0.0.1:18123"))
        .isEqualTo("http://127.0.0.1:18123");
  }

  @Test
  void shouldGiveTheSinkItsKafkaSecuritySettings() {
    Settings s =
        Settings.load(
            KEYS,
            null,
            Map.of(
                "R1LAT_KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "R1LAT_KAFKA_SASL_JAAS_CONFIG",
                "ScramLoginModule required username=\"r1lat\" password=\"p\";"),
            Map.of("kafka.bootstrap-servers", "b:9093"));
    SinkSettings sink = SinkSettings.from(s, "unused:1");
    Map<String, Object> consumer = SinkRuntime.consumerConfig(sink);
    assertThat(consumer)
        .containsEntry("bootstrap.servers", "b:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsKey("sasl.jaas.config")
        // what the sink's exactly-once reading depends on is not overridable
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false);
    assertThat(sink.withBatching(10, java.time.Duration.ofSeconds(1)).kafkaOverrides())
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(SinkRuntime.tablesByTopic(Topics.defaults(), SinkSettings.DEFAULT_TIMING_RULES))
        .hasSize(3);
    assertThat(sink.toString()).contains("security.protocol=SASL_SSL").doesNotContain("\"p\"");
  }
}
