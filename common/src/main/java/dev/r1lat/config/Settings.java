package dev.r1lat.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings resolved once, in increasing precedence: key defaults, a properties file, environment
 * variables ({@code R1LAT_*}), then explicit overrides (command-line flags). Every known key is
 * parsed at load time so a bad value fails fast, before any process or connection starts. Keys with
 * a {@code kafka.} / {@code clickhouse.} passthrough prefix are kept raw for client configs.
 */
public final class Settings {
  /** Prefix of the raw Kafka client settings ({@code kafka.security.protocol=SASL_SSL}, ...). */
  public static final String KAFKA_PREFIX = "kafka.";

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
    values.putAll(passthroughFromEnv(env, known));
    for (ConfigKey<?> key : known.values()) {
      String fromEnv = env.get(key.envName());
      if (fromEnv != null) {
        values.put(key.name(), fromEnv);
      }
      String fileSetting = Secrets.fileSettingFor(key.name());
      String fromEnvFile = env.get(key.envName() + "_FILE");
      if (fileSetting != null && fromEnvFile != null) {
        values.put(fileSetting, fromEnvFile);
      }
    }
    values.putAll(flags);
    Secrets.resolveFiles(values);
    Settings settings = new Settings(values, known);
    known.values().forEach(settings::get);
    return settings;
  }

  /**
   * Raw Kafka client settings from the environment, so secrets need not sit in a file or on a
   * command line: {@code R1LAT_KAFKA_SASL_JAAS_CONFIG} is {@code kafka.sasl.jaas.config} (Kafka's
   * client settings are dotted lower case), and {@code R1LAT_KAFKA_SASL_JAAS_CONFIG_FILE} names a
   * file holding it. Environment variables of typed keys are not passthrough settings.
   */
  private static Map<String, String> passthroughFromEnv(
      Map<String, String> env, Map<String, ConfigKey<?>> known) {
    Set<String> typed = new HashSet<>();
    known.values().forEach(k -> typed.add(k.envName()));
    typed.add(CommonKeys.KAFKA_BOOTSTRAP.envName());
    String envPrefix = "R1LAT_" + KAFKA_PREFIX.replace('.', '_').toUpperCase(Locale.ROOT);
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (!name.startsWith(envPrefix) || name.length() == envPrefix.length()) {
            return;
          }
          boolean fileRef = name.endsWith("_FILE");
          String base = fileRef ? name.substring(0, name.length() - "_FILE".length()) : name;
          if (typed.contains(base)) {
            return;
          }
          String secret = dotted(base.substring(envPrefix.length()));
          if (fileRef && Secrets.isSecret(secret)) {
            out.put(secret + Secrets.FILE_SUFFIX, value);
          } else {
            out.put(dotted(name.substring(envPrefix.length())), value);
          }
        });
    return out;
  }

  private static String dotted(String envSuffix) {
    return KAFKA_PREFIX + envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
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

  /**
   * Names that were set (file, flags) but that no key of this load knows and that are not under one
   * of {@code families} (prefixes of open-ended settings, e.g. {@code streams.slo.}) or the Kafka
   * client prefix: typos, or keys since renamed. Only meaningful for a load given every key.
   */
  public List<String> unknownNames(List<String> families) {
    List<String> out = new ArrayList<>();
    for (String name : values.keySet()) {
      String base =
          name.endsWith(Secrets.FILE_SUFFIX)
              ? name.substring(0, name.length() - Secrets.FILE_SUFFIX.length())
              : name;
      boolean inFamily =
          name.startsWith(KAFKA_PREFIX) || families.stream().anyMatch(name::startsWith);
      if (!known.containsKey(name) && !known.containsKey(base) && !inFamily) {
        out.add(name);
      }
    }
    return out;
  }

  /** A copy with more overrides applied (still validated). */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    Secrets.resolveFiles(merged);
    Settings settings = new Settings(merged, known);
    known.values().forEach(settings::get);
    return settings;
  }

  /** Secrets never appear in listings or logs (see {@link Secrets#isSecret}). */
  public static boolean isSecret(String name) {
    return Secrets.isSecret(name);
  }

  /**
   * Human-readable listing of every known key (value, description, environment variable), then the
   * raw Kafka client settings in effect. Secret values are masked.
   */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (ConfigKey<?> key : known.values()) {
      out.append(
          String.format(
              "%-34s %-28s %s (env %s)%n",
              key.name(),
              Secrets.display(key.name(), values.get(key.name())),
              key.description(),
              key.envName()));
    }
    withPrefix(KAFKA_PREFIX)
        .forEach(
            (name, value) ->
                out.append(
                    String.format(
                        "%-34s %-28s %s%n",
                        KAFKA_PREFIX + name,
                        Secrets.display(name, value),
                        "Kafka client setting, passed to every Kafka client")));
    return out.toString();
  }
}
