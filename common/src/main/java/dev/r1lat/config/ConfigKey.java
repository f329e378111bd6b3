package dev.r1lat.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * One typed setting: its name (dotted, as in a properties file), a default, a one-line description
 * and how to parse it. The environment variable is derived: {@code kafka.bootstrap-servers} is read
 * from {@code R1LAT_KAFKA_BOOTSTRAP_SERVERS}.
 */
public record ConfigKey<T>(
    String name, String defaultValue, String description, Function<String, T> parser) {

  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, Function.identity());
  }

  public static ConfigKey<Integer> integer(String name, int defaultValue, String description) {
    return new ConfigKey<>(name, Integer.toString(defaultValue), description, Integer::valueOf);
  }

  public static ConfigKey<Integer> port(String name, int defaultValue, String description) {
    return new ConfigKey<>(name, Integer.toString(defaultValue), description, ConfigKey::parsePort);
  }

  public static ConfigKey<Long> longValue(String name, long defaultValue, String description) {
    return new ConfigKey<>(name, Long.toString(defaultValue), description, Long::valueOf);
  }

  public static ConfigKey<Double> decimal(String name, double defaultValue, String description) {
    return new ConfigKey<>(name, Double.toString(defaultValue), description, Double::valueOf);
  }

  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(name, Boolean.toString(defaultValue), description, ConfigKey::parseBool);
  }

  public static ConfigKey<Duration> duration(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, Durations::parse);
  }

  public static ConfigKey<Path> path(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, ConfigKey::parsePath);
  }

  public String envName() {
    return "R1LAT_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  T parse(String raw) {
    try {
      return parser.apply(raw.trim());
    } catch (RuntimeException e) {
      // a secret's value never reaches an error message (they end up in logs and terminals)
      throw new ConfigException(
          name
              + "="
              + Secrets.display(name, raw)
              + " is not valid ("
              + description
              + "): "
              + (Secrets.isSecret(name) ? "cannot parse it" : e.getMessage()));
    }
  }

  private static int parsePort(String raw) {
    int port = Integer.parseInt(raw);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("a port is 0..65535");
    }
    return port;
  }

  private static boolean parseBool(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  static Path parsePath(String raw) {
    if (raw.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), raw.substring(2));
    }
    return Path.of(raw);
  }
}
