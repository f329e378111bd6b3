package dev.r1lat.ingest;

import dev.r1lat.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producer properties every ingest writer shares: idempotent, {@code acks=all}, compressed,
 * batched. Overrides (the {@code kafka.*} settings with the prefix stripped) are applied last, so
 * security (SASL_SSL, ...) and tuning can be set without code.
 */
public final class KafkaProducerConfigs {
  private KafkaProducerConfigs() {}

  public static Map<String, Object> reliable(
      String bootstrapServers,
      String clientId,
      Duration linger,
      int batchBytes,
      String compression,
      Map<String, String> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
    props.putAll(overrides);
    return props;
  }

  /**
   * {@link #reliable} from settings: bootstrap, linger, batch, compression and kafka.* overrides.
   */
  public static Map<String, Object> reliable(Settings settings, String clientId) {
    return reliable(
        settings.get(IngestSettings.BOOTSTRAP_SERVERS),
        clientId,
        settings.get(IngestSettings.PUBLISHER_LINGER),
        settings.get(IngestSettings.PUBLISHER_BATCH_BYTES),
        settings.get(IngestSettings.PUBLISHER_COMPRESSION),
        settings.withPrefix("kafka."));
  }
}
