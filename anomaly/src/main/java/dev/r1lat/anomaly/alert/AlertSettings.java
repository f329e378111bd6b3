package dev.r1lat.anomaly.alert;

import dev.r1lat.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/**
 * Settings of {@code alerts tail} and {@code alerts forward}. Kafka itself is reached through
 * {@code kafka.bootstrap-servers} and the {@code kafka.*} client settings, like every process.
 */
public final class AlertSettings {
  public static final ConfigKey<String> TOPIC =
      ConfigKey.string("alerts.topic", "r1.latency-anomalies", "topic of LatencyAnomaly events");
  public static final ConfigKey<String> GROUP =
      ConfigKey.string(
          "alerts.forward.group", "r1lat-alerts-forward", "consumer group of alerts forward");
  public static final ConfigKey<String> DLQ_TOPIC =
      ConfigKey.string(
          "alerts.forward.dlq-topic",
          "r1.latency-anomalies.dlq",
          "where alerts forward puts events the receiver refused (4xx) or that cannot be decoded");
  public static final ConfigKey<String> RECEIVER =
      ConfigKey.string("alerts.forward.receiver", "r1lat", "receiver name in the webhook payload");
  public static final ConfigKey<Duration> REPOST_INTERVAL =
      ConfigKey.duration(
          "alerts.forward.repost-interval",
          "60s",
          "how often every open alert is posted again to Alertmanager (firing alerts end 4x this"
              + " after their last post unless re-posted)");
  public static final ConfigKey<String> CLICKHOUSE_URL =
      ConfigKey.string(
          "alerts.forward.clickhouse-url",
          "",
          "ClickHouse HTTP URL people open for an alert's SQL link (generatorURL); empty:"
              + " clickhouse.url, else the local stack's");
  public static final ConfigKey<Duration> INITIAL_BACKOFF =
      ConfigKey.duration("alerts.forward.initial-backoff", "1s", "first wait after a failed post");
  public static final ConfigKey<Duration> MAX_BACKOFF =
      ConfigKey.duration("alerts.forward.max-backoff", "60s", "longest wait between two posts");
  public static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("alerts.forward.timeout", "10s", "connect and response timeout of a post");

  public static final List<ConfigKey<?>> KEYS =
      List.of(
          TOPIC,
          GROUP,
          DLQ_TOPIC,
          RECEIVER,
          REPOST_INTERVAL,
          CLICKHOUSE_URL,
          INITIAL_BACKOFF,
          MAX_BACKOFF,
          TIMEOUT);

  private AlertSettings() {}
}
