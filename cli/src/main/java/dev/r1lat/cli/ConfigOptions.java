package dev.r1lat.cli;

import dev.r1lat.config.ConfigException;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Secrets;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.stack.StackSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Configuration options every command takes. Precedence, lowest first: defaults, the config file
 * ({@code --config} or {@code R1LAT_CONFIG}), environment ({@code R1LAT_*}), {@code --set}.
 */
public final class ConfigOptions {
  /** Every key any command reads, so a typo in a value fails before anything starts. */
  static final List<ConfigKey<?>> ALL_KEYS = new ArrayList<>();

  static {
    ALL_KEYS.addAll(StackSettings.KEYS);
    ALL_KEYS.addAll(dev.r1lat.streams.StreamsSettings.KEYS);
    ALL_KEYS.addAll(dev.r1lat.anomaly.DetectorConfig.KEYS);
    ALL_KEYS.addAll(dev.r1lat.anomaly.alert.AlertSettings.KEYS);
    ALL_KEYS.addAll(SinkCommand.KEYS);
    ALL_KEYS.addAll(IngestSettings.KEYS);
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "properties file with settings (default: $R1LAT_CONFIG if set)")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "override one setting, e.g. --set stack.kafka.port=29092 (repeatable);"
              + " ./r1lat config lists them all")
  Map<String, String> overrides = new LinkedHashMap<>();

  private Settings settings;

  public Settings settings() {
    if (settings == null) {
      Map<String, String> env = System.getenv();
      Path file = configFile;
      if (file == null && env.get("R1LAT_CONFIG") != null) {
        file = Path.of(env.get("R1LAT_CONFIG"));
      }
      Map<String, String> flags = new LinkedHashMap<>();
      String home = System.getProperty("r1lat.home");
      if (home != null && !env.containsKey(StackSettings.HOME.envName())) {
        flags.put(StackSettings.HOME.name(), home);
      }
      overrides.forEach(ConfigOptions::refuseSecretOnCommandLine);
      flags.putAll(overrides);
      Settings loaded = Settings.load(ALL_KEYS, file, env, flags);
      dev.r1lat.anomaly.LatencySlos.refuseRetired(loaded); // before the typo check: say what to use
      refuseUnknown(loaded.unknownNames(List.of()));
      settings = loaded;
    }
    return settings;
  }

  /**
   * A setting no command knows is a typo or a renamed key, and would be silently ignored: refuse
   * it, naming the closest known key (same last segment, else the fewest edits).
   */
  static void refuseUnknown(List<String> unknown) {
    if (unknown.isEmpty()) {
      return;
    }
    String name = unknown.get(0);
    String hint = closestKey(name);
    throw new ConfigException(
        "unknown setting '"
            + name
            + "'"
            + (hint == null ? "" : " (did you mean " + hint + "?)")
            + (unknown.size() > 1 ? " and " + (unknown.size() - 1) + " more" : "")
            + "; ./r1lat config lists every setting");
  }

  static String closestKey(String name) {
    String last = name.substring(name.lastIndexOf('.') + 1);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ConfigKey<?> k : ALL_KEYS) {
      if (k.name().endsWith("." + last)) {
        return k.name();
      }
      int d = editDistance(name, k.name());
      if (d < bestDistance) {
        best = k.name();
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int swap = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + swap);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** Every user of the machine can read a command line (ps), so secrets come from env or files. */
  static void refuseSecretOnCommandLine(String name, String value) {
    if (Secrets.isSecret(name) && value != null && !value.isEmpty()) {
      String env = "R1LAT_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      throw new ConfigException(
          "--set "
              + name
              + " would show the secret in the process list; set "
              + env
              + " (or "
              + env
              + "_FILE), or "
              + name
              + Secrets.FILE_SUFFIX
              + "=PATH in the config file, instead");
    }
  }

  public StackSettings stack() {
    return StackSettings.from(settings());
  }
}
