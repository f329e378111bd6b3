package dev.r1lat.anomaly.alert;

import dev.r1lat.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/** Settings of {@code alerts tail} and {@code alerts forward}. */
public final class AlertSettings {
  public static final ConfigKey<String> BOOTSTRAP =
      ConfigKey.string(
          "alerts.bootstrap-servers",
          "",
          "Kafka to read anomalies from (empty: the local stack's broker)");
  public static final ConfigKey<String> TOPIC =
      ConfigKey.string("alerts.topic", "r1.latency-anomalies", "topic of LatencyAnomaly events");
  public static final ConfigKey<String> GROUP =
      ConfigKey.string(
          "alerts.forward.group", "r1lat-alerts-forward", "consumer group of alerts forward");
  public static final ConfigKey<String> RECEIVER =
      ConfigKey.string("alerts.forward.receiver", "r1lat", "receiver name in the webhook payload");
  public static final ConfigKey<Duration> INITIAL_BACKOFF =
      ConfigKey.duration("alerts.forward.initial-backoff", "1s", "first wait after a failed post");
  public static final ConfigKey<Duration> MAX_BACKOFF =
      ConfigKey.duration("alerts.forward.max-backoff", "60s", "longest wait between two posts");
  public static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("alerts.forward.timeout", "10s", "connect and response timeout of a post");

  public static final List<ConfigKey<?>> KEYS =
      List.of(BOOTSTRAP, TOPIC, GROUP, RECEIVER, INITIAL_BACKOFF, MAX_BACKOFF, TIMEOUT);

  private AlertSettings() {}
}
