package dev.r1lat.config;

/** Settings every process shares, declared once so each has one default and one meaning. */
public final class CommonKeys {
  private CommonKeys() {}

  public static final ConfigKey<String> KAFKA_BOOTSTRAP =
      ConfigKey.string(
          "kafka.bootstrap-servers",
          "127.0.0.1:19092",
          "Kafka bootstrap servers (default: the local stack's broker)");
}
