package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.alert.AlertForwarding;
import dev.r1lat.config.Settings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code alerts tail|forward} take Kafka from {@code kafka.bootstrap-servers} and every {@code
 * kafka.*} setting, like every other process (they used to read the local stack's port, silently).
 */
class AlertsCommandTest {
  private static Settings settings(Map<String, String> flags) {
    return Settings.load(ConfigOptions.ALL_KEYS, null, Map.of(), flags);
  }

  @Test
  void shouldReadKafkaFromTheSharedSettings() {
    Settings s =
        settings(
            Map.of(
                "kafka.bootstrap-servers", "kafka-0.kafka:9093",
                "kafka.security.protocol", "SASL_SSL",
                "stack.kafka.port", "29092",
                "alerts.forward.group", "pager-team"));

    assertThat(AlertsCommand.consumerProps(s))
        .containsEntry("bootstrap.servers", "kafka-0.kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(AlertForwarding.consumerConfig(s))
        .containsEntry("bootstrap.servers", "kafka-0.kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("group.id", "pager-team")
        .containsEntry("enable.auto.commit", "false");
    assertThat(AlertForwarding.producerConfig(s))
        .containsEntry("bootstrap.servers", "kafka-0.kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("acks", "all");
  }

  @Test
  void shouldPostToAlertmanagersApiFromItsBaseUrl() {
    var am = AlertForwarding.Mode.ALERTMANAGER;

    assertThat(new AlertForwarding.Target(am, URI.create("http://am:9093")).postUrl())
        .hasToString("http://am:9093/api/v2/alerts");
    assertThat(new AlertForwarding.Target(am, URI.create("http://am:9093/")).postUrl())
        .hasToString("http://am:9093/api/v2/alerts");
    assertThat(new AlertForwarding.Target(am, URI.create("http://am:9093/api/v2/alerts")).postUrl())
        .hasToString("http://am:9093/api/v2/alerts");
    assertThat(
            new AlertForwarding.Target(AlertForwarding.Mode.WEBHOOK, URI.create("http://h/x"))
                .postUrl())
        .hasToString("http://h/x");
  }

  @Test
  void shouldRequireExactlyOneReceiver() {
    assertThat(Main.commandLine().execute("alerts", "forward")).isEqualTo(Main.EXIT_USAGE);
    assertThat(
            Main.commandLine()
                .execute(
                    "alerts", "forward", "--webhook", "http://a", "--alertmanager", "http://b"))
        .isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void shouldRefuseAStateFilterForAlertmanagerWhichNeedsEveryLifecycleEvent() {
    assertThat(
            Main.commandLine()
                .execute(
                    "alerts", "forward", "--alertmanager", "http://am:9093", "--state", "open"))
        .isEqualTo(Main.EXIT_USAGE);
  }
}
