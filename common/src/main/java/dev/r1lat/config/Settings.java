package dev.r1lat.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Settings resolved once, in increasing precedence: key defaults, a properties file, environment
 * variables ({@code R1LAT_*}), then explicit overrides (command-line flags). Every known key is
 * parsed at load time so a bad value fails fast, before any process or connection starts. Keys with
 * a {@code kafka.} / {@code clickhouse.} passthrough prefix are kept raw for client configs.
 */
public final class Settings {
  private final Map<String, String> values;
  private final Map<String, ConfigKey<?>> known;

  private Settings(Map<String, String> values, Map<String, ConfigKey<?>> known) {
    this.values = Map.copyOf(values);
    this.known = Map.copyOf(known);
  }

  public static Settings defaults(Collection<ConfigKey<?>> keys) {
    return load(keys, null, Map.of(), Map.of());
  }

  public static Settings load(
      Collection<ConfigKey<?>> keys,
      Path file,
      Map<String, String> env,
      Map<String, String> flags) {
    Map<String, ConfigKey<?>> known = new LinkedHashMap<>();
    keys.forEach(k -> known.put(k.name(), k));
    Map<String, String> values = new TreeMap<>();
    known.values().forEach(k -> values.put(k.name(), k.defaultValue()));
    if (file != null) {
      values.putAll(readFile(file));
    }
    for (ConfigKey<?> key : known.values()) {
      String fromEnv = env.get(key.envName());
      if (fromEnv != null) {
        values.put(key.name(), fromEnv);
      }
    }
    values.putAll(flags);
    Settings settings = new Settings(values, known);
    known.values().forEach(settings::get);
    return settings;
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist");
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new TreeMap<>();
    props.stringPropertyNames().forEach(n -> out.put(n, props.getProperty(n)));
    return out;
  }

  public <T> T get(ConfigKey<T> key) {
    String raw = values.get(key.name());
    if (raw == null) {
      raw = key.defaultValue();
    }
    if (raw == null) {
      throw new ConfigException(
          key.name()
              + " is required ("
              + key.description()
              + "); set it in the config file, as "
              + key.envName()
              + " or with --set "
              + key.name()
              + "=...");
    }
    return key.parse(raw);
  }

  /** Raw values under a prefix with the prefix stripped, e.g. client overrides under "kafka.". */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && !known.containsKey(k)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  /** A copy with more overrides applied (still validated). */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    Settings settings = new Settings(merged, known);
    known.values().forEach(settings::get);
    return settings;
  }

  /** Secrets never appear in listings or logs. */
  public static boolean isSecret(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.contains("password")
        || n.contains("secret")
        || n.contains("token")
        || n.contains("jaas");
  }

  /** Human-readable listing of every known key: value, default and description. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (ConfigKey<?> key : known.values()) {
      out.append(
          String.format(
              "%-34s %-28s %s (env %s)%n",
              key.name(), values.get(key.name()), key.description(), key.envName()));
    }
    return out.toString();
  }
}
