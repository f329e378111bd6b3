package dev.r1lat.cli;

import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.sim.KafkaTimingSink;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Where {@code ./r1lat simulate} publishes: a Kafka topic, or JSON lines to a file or stdout. */
final class SimulationSinks {
  private SimulationSinks() {}

  /** A producer to {@code topicName}, once the broker answers and the topic exists. */
  static KafkaTimingSink kafka(Settings settings, String servers, String topicName)
      throws Exception {
    checkTopic(KafkaClientConfigs.base(servers, KafkaClientConfigs.overrides(settings)), topicName);
    Map<String, Object> props =
        KafkaProducerConfigs.reliable(
            settings.with(Map.of(IngestSettings.BOOTSTRAP_SERVERS.name(), servers)),
            "r1lat-simulator");
    return new KafkaTimingSink(props, topicName);
  }

  /** {@code FILE}, or standard output for {@code -} (left open when the sink closes). */
  static OutputStream jsonLines(String out) throws IOException {
    return "-".equals(out) ? new KeptOpen(System.out) : Files.newOutputStream(Path.of(out));
  }

  private static void checkTopic(Map<String, Object> adminConfig, String topicName)
      throws Exception {
    Object servers = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> names;
      try {
        names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            "Kafka at " + servers + " does not answer (start it with ./r1lat stack up): " + e);
      }
      if (!names.contains(topicName)) {
        throw new IllegalStateException(
            "topic "
                + topicName
                + " does not exist on "
                + servers
                + " (./r1lat stack up creates it)");
      }
    }
  }

  /** Standard output for {@code --out -}: closing the sink flushes it but leaves it open. */
  private static final class KeptOpen extends FilterOutputStream {
    KeptOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void close() {
      try {
        flush();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
