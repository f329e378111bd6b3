package dev.r1lat.ingest.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.gateway.GatewayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configs that embedders may log never print the SASL login or the gateway token. */
class ConfigSecretsTest {
  private static final Settings SETTINGS =
      Settings.load(
          IngestSettings.KEYS,
          null,
          Map.of(
              "R1LAT_KAFKA_SECURITY_PROTOCOL",
              "SASL_SSL",
              "R1LAT_KAFKA_SASL_JAAS_CONFIG",
              "ScramLoginModule required username=\"r1lat\" password=\"jaas-secret\";",
              "R1LAT_GATEWAY_AUTH_TOKEN",
              "gateway-secret"),
          Map.of());

  @Test
  void shouldGiveThePublisherTheSecretButNeverPrintIt() {
    PublisherConfig config = PublisherConfig.fromSettings(SETTINGS);
    assertThat(config.producerProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsKey("sasl.jaas.config");
    assertThat(config.toString()).contains("security.protocol=SASL_SSL").doesNotContain("secret");
  }

  @Test
  void shouldNeverPrintTheGatewayToken() {
    GatewayConfig config = GatewayConfig.fromSettings(SETTINGS);
    assertThat(config.authRequired()).isTrue();
    assertThat(config.toString()).doesNotContain("gateway-secret");
  }
}
