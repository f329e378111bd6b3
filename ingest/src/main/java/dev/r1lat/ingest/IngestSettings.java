package dev.r1lat.ingest;

import dev.r1lat.config.CommonKeys;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.ingest.otlp.OtlpSettings;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every setting of the ingest module (publisher, gateway, simulator's Kafka output). Kafka client
 * properties beyond these go under the {@code kafka.} prefix, e.g. {@code
 * kafka.security.protocol=SASL_SSL}; they are passed to every producer unchanged and win over the
 * defaults here.
 */
public final class IngestSettings {
  private IngestSettings() {}

  public static final ConfigKey<String> BOOTSTRAP_SERVERS = CommonKeys.KAFKA_BOOTSTRAP;
  public static final ConfigKey<String> TOPIC =
      ConfigKey.string(
          "ingest.topic", "r1.request-timings", "topic the publisher, gateway and simulator write");

  public static final ConfigKey<Integer> PUBLISHER_QUEUE_CAPACITY =
      ConfigKey.integer(
          "publisher.queue-capacity",
          65_536,
          "events the publisher buffers before record() drops (and counts) new ones");
  public static final ConfigKey<Duration> PUBLISHER_LINGER =
      ConfigKey.duration("publisher.linger", "20ms", "producer linger.ms: batching delay");
  public static final ConfigKey<Integer> PUBLISHER_BATCH_BYTES =
      ConfigKey.integer("publisher.batch-bytes", 131_072, "producer batch.size in bytes");
  public static final ConfigKey<String> PUBLISHER_COMPRESSION =
      ConfigKey.string(
          "publisher.compression", "lz4", "producer compression.type: lz4, zstd, gzip, none");
  public static final ConfigKey<Duration> PUBLISHER_CLOSE_TIMEOUT =
      ConfigKey.duration(
          "publisher.close-timeout", "10s", "how long close() waits to flush what is buffered");

  public static final ConfigKey<String> GATEWAY_BIND =
      ConfigKey.string("gateway.bind", "127.0.0.1", "address the HTTP ingest gateway listens on");
  public static final ConfigKey<Integer> GATEWAY_PORT =
      ConfigKey.port("gateway.port", 18480, "port of the HTTP ingest gateway (0 = any free port)");
  public static final ConfigKey<Integer> GATEWAY_MAX_REQUEST_BYTES =
      ConfigKey.integer(
          "gateway.max-request-bytes",
          4 * 1024 * 1024,
          "largest request body, on the wire and after gzip decoding (413 beyond)");
  public static final ConfigKey<Integer> GATEWAY_MAX_BATCH_RECORDS =
      ConfigKey.integer("gateway.max-batch-records", 10_000, "most events in one request (413)");
  public static final ConfigKey<String> GATEWAY_AUTH_TOKEN =
      ConfigKey.string(
          "gateway.auth-token",
          "",
          "bearer token clients must send (Authorization: Bearer ...); empty = no auth");
  public static final ConfigKey<Duration> GATEWAY_KAFKA_TIMEOUT =
      ConfigKey.duration(
          "gateway.kafka-timeout",
          "10s",
          "longest a request waits, queue and Kafka acks included (then 503)");
  public static final ConfigKey<Integer> GATEWAY_THREADS =
      ConfigKey.integer(
          "gateway.threads", 8, "gateway workers that read, check and write requests to Kafka");
  public static final ConfigKey<Integer> GATEWAY_QUEUE_SIZE =
      ConfigKey.integer(
          "gateway.queue-size",
          64,
          "requests that may wait for a gateway worker; beyond, 429 with Retry-After");
  public static final ConfigKey<Duration> GATEWAY_RETRY_AFTER =
      ConfigKey.duration(
          "gateway.retry-after", "1s", "Retry-After the gateway sends with 429 and 503 (seconds)");

  /** Every key of the module, the OTLP receiver's ({@link OtlpSettings}) included. */
  public static final List<ConfigKey<?>> KEYS =
      Stream.concat(
              Stream.of(
                  BOOTSTRAP_SERVERS,
                  TOPIC,
                  PUBLISHER_QUEUE_CAPACITY,
                  PUBLISHER_LINGER,
                  PUBLISHER_BATCH_BYTES,
                  PUBLISHER_COMPRESSION,
                  PUBLISHER_CLOSE_TIMEOUT,
                  GATEWAY_BIND,
                  GATEWAY_PORT,
                  GATEWAY_MAX_REQUEST_BYTES,
                  GATEWAY_MAX_BATCH_RECORDS,
                  GATEWAY_AUTH_TOKEN,
                  GATEWAY_KAFKA_TIMEOUT,
                  GATEWAY_THREADS,
                  GATEWAY_QUEUE_SIZE,
                  GATEWAY_RETRY_AFTER,
                  // the event rules' limits, shared with the streams app and the sink (one key
                  // each)
                  CommonKeys.MAX_TIMING_MS,
                  CommonKeys.MAX_FUTURE_SKEW,
                  CommonKeys.MAX_AGE),
              OtlpSettings.KEYS.stream())
          .toList();
}
