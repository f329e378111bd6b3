package dev.r1lat.ingest.gateway;

import dev.r1lat.config.CommonKeys;
import dev.r1lat.config.Secrets;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.schema.TimingRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;

/**
 * How the HTTP ingest gateway listens and what it accepts. Immutable.
 *
 * @param authToken bearer token required in {@code Authorization}; empty = no authentication
 * @param kafkaTimeout the longest a request waits for its answer, time in the queue and Kafka's
 *     acknowledgements included; then 503
 * @param threads workers that read, check and write requests
 * @param queueSize requests that may wait for a worker; beyond, 429
 * @param retryAfter what {@code Retry-After} says with 429 and 503
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
    int queueSize,
    Duration retryAfter,
    TimingRules rules,
    String topic) {

  public GatewayConfig {
    if (maxRequestBytes < 1 || maxBatchRecords < 1 || threads < 1 || queueSize < 0) {
      throw new IllegalArgumentException(
          "gateway limits and threads must be >= 1 and the queue size >= 0");
    }
    if (kafkaTimeout.toMillis() < 1 || retryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "gateway.kafka-timeout must be >= 1 ms and gateway.retry-after >= 0");
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
        + ", threads="
        + threads
        + ", queueSize="
        + queueSize
        + ", kafkaTimeout="
        + kafkaTimeout
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
        s.get(IngestSettings.GATEWAY_QUEUE_SIZE),
        s.get(IngestSettings.GATEWAY_RETRY_AFTER),
        TimingRules.of(
            s.get(CommonKeys.MAX_TIMING_MS),
            s.get(CommonKeys.MAX_FUTURE_SKEW),
            s.get(CommonKeys.MAX_AGE)),
        s.get(IngestSettings.TOPIC));
  }

  public static GatewayConfig defaults(String topic) {
    return fromSettings(
        Settings.defaults(IngestSettings.KEYS).with(Map.of(IngestSettings.TOPIC.name(), topic)));
  }

  public GatewayConfig withPort(int p) {
    return new GatewayConfig(
        bind,
        p,
        maxRequestBytes,
        maxBatchRecords,
        authToken,
        kafkaTimeout,
        threads,
        queueSize,
        retryAfter,
        rules,
        topic);
  }

  public GatewayConfig withAuthToken(String token) {
    return new GatewayConfig(
        bind,
        port,
        maxRequestBytes,
        maxBatchRecords,
        token,
        kafkaTimeout,
        threads,
        queueSize,
        retryAfter,
        rules,
        topic);
  }

  public GatewayConfig withLimits(int maxBytes, int maxRecords) {
    return new GatewayConfig(
        bind,
        port,
        maxBytes,
        maxRecords,
        authToken,
        kafkaTimeout,
        threads,
        queueSize,
        retryAfter,
        rules,
        topic);
  }

  /** The same gateway with another deadline and worker pool (tests, the reliability bench). */
  public GatewayConfig withAdmission(Duration timeout, int workers, int queue) {
    return new GatewayConfig(
        bind,
        port,
        maxRequestBytes,
        maxBatchRecords,
        authToken,
        timeout,
        workers,
        queue,
        retryAfter,
        rules,
        topic);
  }

  public boolean authRequired() {
    return !authToken.isEmpty();
  }

  /**
   * Whether a request with this {@code Authorization} header may pass: always when no token is set,
   * else only with {@code Bearer <token>} (compared in constant time).
   */
  public boolean authorizes(String authorization) {
    return !authRequired()
        || (authorization != null
            && MessageDigest.isEqual(
                authorization.trim().getBytes(StandardCharsets.UTF_8),
                ("Bearer " + authToken).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * How long before a request's deadline the Kafka write gives up, so the answer (503) still leaves
   * in time: a tenth of {@code gateway.kafka-timeout}, at most 200 ms.
   */
  public Duration answerMargin() {
    Duration tenth = kafkaTimeout.dividedBy(10);
    return tenth.compareTo(Duration.ofMillis(200)) <= 0 ? tenth : Duration.ofMillis(200);
  }

  /** The bounded workers that run admitted requests, named {@code threadPrefix-worker-N}. */
  public AdmissionControl admission(String threadPrefix) {
    return new AdmissionControl(threads, queueSize, kafkaTimeout, retryAfter, threadPrefix);
  }
}
