package dev.r1lat.ingest.gateway;

import dev.r1lat.config.CommonKeys;
import dev.r1lat.config.Secrets;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.schema.TimingRules;
import java.time.Duration;

/**
 * How the HTTP ingest gateway listens and what it accepts. Immutable.
 *
 * @param authToken bearer token required in {@code Authorization}; empty = no authentication
 * @param rules the event rules, with the limits the streams app and the sink use too
 */
public record GatewayConfig(
    String bind,
    int port,
    int maxRequestBytes,
    int maxBatchRecords,
    String authToken,
    Duration kafkaTimeout,
    int threads,
    TimingRules rules,
    String topic) {

  public GatewayConfig {
    if (maxRequestBytes < 1 || maxBatchRecords < 1 || threads < 1) {
      throw new IllegalArgumentException("gateway limits and threads must be >= 1");
    }
    authToken = authToken == null ? "" : authToken;
  }

  /** Never prints the token (records print every component by default). */
  @Override
  public String toString() {
    return "GatewayConfig[bind="
        + bind
        + ", port="
        + port
        + ", topic="
        + topic
        + ", authToken="
        + Secrets.display("gateway.auth-token", authToken)
        + "]";
  }

  public static GatewayConfig fromSettings(Settings s) {
    return new GatewayConfig(
        s.get(IngestSettings.GATEWAY_BIND),
        s.get(IngestSettings.GATEWAY_PORT),
        s.get(IngestSettings.GATEWAY_MAX_REQUEST_BYTES),
        s.get(IngestSettings.GATEWAY_MAX_BATCH_RECORDS),
        s.get(IngestSettings.GATEWAY_AUTH_TOKEN),
        s.get(IngestSettings.GATEWAY_KAFKA_TIMEOUT),
        s.get(IngestSettings.GATEWAY_THREADS),
        TimingRules.of(
            s.get(CommonKeys.MAX_TIMING_MS),
            s.get(CommonKeys.MAX_FUTURE_SKEW),
            s.get(CommonKeys.MAX_AGE)),
        s.get(IngestSettings.TOPIC));
  }

  public static GatewayConfig defaults(String topic) {
    return fromSettings(
        Settings.defaults(IngestSettings.KEYS)
            .with(java.util.Map.of(IngestSettings.TOPIC.name(), topic)));
  }

  public GatewayConfig withPort(int p) {
    return new GatewayConfig(
        bind, p, maxRequestBytes, maxBatchRecords, authToken, kafkaTimeout, threads, rules, topic);
  }

  public GatewayConfig withAuthToken(String token) {
    return new GatewayConfig(
        bind, port, maxRequestBytes, maxBatchRecords, token, kafkaTimeout, threads, rules, topic);
  }

  public GatewayConfig withLimits(int maxBytes, int maxRecords) {
    return new GatewayConfig(
        bind, port, maxBytes, maxRecords, authToken, kafkaTimeout, threads, rules, topic);
  }

  public boolean authRequired() {
    return !authToken.isEmpty();
  }
}
