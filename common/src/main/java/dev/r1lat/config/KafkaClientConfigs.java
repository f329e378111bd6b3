package dev.r1lat.config;

import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The one place every Kafka client (producer, consumer, admin, Kafka Streams) takes its connection
 * settings from: the bootstrap servers plus every raw {@code kafka.*} setting with the prefix
 * stripped. That is how security reaches all of them without code, e.g.
 *
 * <pre>
 * kafka.security.protocol=SASL_SSL
 * kafka.sasl.mechanism=SCRAM-SHA-512
 * kafka.sasl.jaas.config   (secret: R1LAT_KAFKA_SASL_JAAS_CONFIG or ..._FILE)
 * kafka.ssl.truststore.location / .type / .password
 * </pre>
 *
 * Callers add their client-specific properties (acks, group.id, isolation level, ...) after {@link
 * #base}, so the settings a component's correctness depends on cannot be overridden by accident;
 * everything else (security, timeouts, tuning) comes from configuration.
 */
public final class KafkaClientConfigs {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  private KafkaClientConfigs() {}

  /** {@code kafka.bootstrap-servers} and the {@code kafka.*} settings; a mutable map. */
  public static Map<String, Object> base(Settings settings) {
    return base(settings.get(CommonKeys.KAFKA_BOOTSTRAP), overrides(settings));
  }

  /** The given bootstrap servers and raw client settings (prefix already stripped). */
  public static Map<String, Object> base(String bootstrapServers, Map<String, ?> overrides) {
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(BOOTSTRAP_SERVERS, bootstrapServers);
    return config;
  }

  /** The raw {@code kafka.*} settings with the prefix stripped (never the typed keys). */
  public static Map<String, String> overrides(Settings settings) {
    return settings.withPrefix(Settings.KAFKA_PREFIX);
  }

  /**
   * One line for logs and progress output: bootstrap, protocol, mechanism and the other settings by
   * name, secrets masked.
   */
  public static String describe(Map<String, ?> config) {
    StringJoiner out = new StringJoiner(", ");
    new TreeMap<>(config)
        .forEach(
            (name, value) ->
                out.add(name + "=" + Secrets.display(name, value == null ? "" : value.toString())));
    return out.toString();
  }
}
