package dev.r1lat.ingest.publisher;

import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.KafkaProducerConfigs;
import java.time.Duration;
import java.util.Map;

/**
 * How a {@link TimingPublisher} buffers and sends. Immutable. {@link #fromSettings} reads the
 * {@code publisher.*} keys, {@code kafka.bootstrap-servers}, {@code ingest.topic} and every other
 * {@code kafka.*} key as a raw Kafka producer property (security, tuning).
 *
 * @param queueCapacity events buffered between the caller and the sender thread; beyond, record()
 *     drops
 * @param kafkaOverrides raw producer properties applied last (e.g. security.protocol=SASL_SSL)
 */
public record PublisherConfig(
    String bootstrapServers,
    String topic,
    int queueCapacity,
    Duration linger,
    int batchBytes,
    String compression,
    Duration closeTimeout,
    String clientId,
    Map<String, String> kafkaOverrides) {

  public PublisherConfig {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be >= 1");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  /** The defaults of {@link IngestSettings} against the given brokers and topic. */
  public static PublisherConfig defaults(String bootstrapServers, String topic) {
    return fromSettings(
        Settings.defaults(IngestSettings.KEYS)
            .with(
                Map.of(
                    IngestSettings.BOOTSTRAP_SERVERS.name(),
                    bootstrapServers,
                    IngestSettings.TOPIC.name(),
                    topic)));
  }

  public static PublisherConfig fromSettings(Settings s) {
    return new PublisherConfig(
        s.get(IngestSettings.BOOTSTRAP_SERVERS),
        s.get(IngestSettings.TOPIC),
        s.get(IngestSettings.PUBLISHER_QUEUE_CAPACITY),
        s.get(IngestSettings.PUBLISHER_LINGER),
        s.get(IngestSettings.PUBLISHER_BATCH_BYTES),
        s.get(IngestSettings.PUBLISHER_COMPRESSION),
        s.get(IngestSettings.PUBLISHER_CLOSE_TIMEOUT),
        "r1lat-publisher",
        s.withPrefix("kafka."));
  }

  public PublisherConfig withQueueCapacity(int capacity) {
    return new PublisherConfig(
        bootstrapServers,
        topic,
        capacity,
        linger,
        batchBytes,
        compression,
        closeTimeout,
        clientId,
        kafkaOverrides);
  }

  public PublisherConfig withClientId(String id) {
    return new PublisherConfig(
        bootstrapServers,
        topic,
        queueCapacity,
        linger,
        batchBytes,
        compression,
        closeTimeout,
        id,
        kafkaOverrides);
  }

  /** Embedders log configs: the Kafka settings are listed with their secrets masked. */
  @Override
  public String toString() {
    return "PublisherConfig[bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", queueCapacity="
        + queueCapacity
        + ", clientId="
        + clientId
        + ", kafka={"
        + KafkaClientConfigs.describe(kafkaOverrides)
        + "}]";
  }

  /** Idempotent, acks=all, compressed and batched producer properties, overrides last. */
  public Map<String, Object> producerProperties() {
    return KafkaProducerConfigs.reliable(
        bootstrapServers, clientId, linger, batchBytes, compression, kafkaOverrides);
  }
}
