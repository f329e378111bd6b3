package dev.r1lat.config;

import java.time.Duration;
import java.util.List;

/** Settings every process shares, declared once so each has one default and one meaning. */
public final class CommonKeys {
  private CommonKeys() {}

  public static final ConfigKey<String> KAFKA_BOOTSTRAP =
      ConfigKey.string(
          "kafka.bootstrap-servers",
          "127.0.0.1:19092",
          "Kafka bootstrap servers (default: the local stack's broker)");

  /**
   * The limits of the event rules ({@code dev.r1lat.schema.TimingRules}) that the gateway, the
   * streams app and the sink apply alike: one key each, so all three always reject the same events.
   */
  public static final ConfigKey<Double> MAX_TIMING_MS =
      new ConfigKey<>(
          "events.max-timing-ms",
          "86400000",
          "a timing above this (ms) is rejected as absurd by gateway, streams app and sink",
          raw -> positive(Double.parseDouble(raw)));

  public static final ConfigKey<Duration> MAX_FUTURE_SKEW =
      ConfigKey.duration(
          "events.max-future-skew",
          "5m",
          "an event time further after its Kafka timestamp (gateway: arrival) is rejected");

  /**
   * The oldest event any stage takes, measured from when it was sent. Together with the input
   * topic's retention (7 days: how far the sink can fall behind) it stays inside the raw table's
   * retention (30 days), so an accepted event is never dropped by the table's TTL at insert.
   */
  public static final ConfigKey<Duration> MAX_AGE =
      ConfigKey.duration(
          "events.max-age",
          "14d",
          "an event time further before its Kafka timestamp (gateway: arrival) is refused/quarantined");

  /** The event-rule keys, for the key lists of the processes that apply the rules. */
  public static final List<ConfigKey<?>> EVENT_RULES =
      List.of(MAX_TIMING_MS, MAX_FUTURE_SKEW, MAX_AGE);

  private static double positive(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("must be a positive number of milliseconds");
    }
    return v;
  }
}
