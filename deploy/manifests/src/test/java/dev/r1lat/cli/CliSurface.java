package dev.r1lat.cli;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.alert.AlertSettings;
import dev.r1lat.config.CommonKeys;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.schema.SchemaOptions;
import dev.r1lat.streams.StreamsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * What the manifests may name of the command line: the commands and options picocli accepts, and
 * the setting keys each deployed command reads. In the cli package to read the package-private key
 * lists and mixins the commands themselves use.
 */
public final class CliSurface {
  private CliSurface() {}

  /** A container's arguments as the real command line parses them (unknown options throw). */
  public record Parsed(String command, Map<String, String> sets) {}

  public static Parsed parse(List<String> args) {
    ParseResult result = Main.commandLine().parseArgs(args.toArray(String[]::new));
    List<String> names = new ArrayList<>();
    ParseResult leaf = result;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
      names.add(leaf.commandSpec().name());
    }
    CommandLine.Model.CommandSpec mixin = leaf.commandSpec().mixins().get("config");
    Map<String, String> sets =
        mixin == null ? Map.of() : ((ConfigOptions) mixin.userObject()).overrides;
    return new Parsed(String.join(" ", names), Map.copyOf(sets));
  }

  /** Every key any command reads (what {@code --set} and {@code R1LAT_*} may name at all). */
  public static List<ConfigKey<?>> allKeys() {
    return List.copyOf(ConfigOptions.ALL_KEYS);
  }

  /**
   * The keys a deployed command reads: the key lists of the modules it runs. Null for a command the
   * manifests do not deploy.
   */
  public static List<ConfigKey<?>> keysOf(String command) {
    List<ConfigKey<?>> keys = new ArrayList<>();
    switch (command) {
      case "gateway" -> keys.addAll(IngestSettings.KEYS);
      case "streams" -> {
        keys.addAll(StreamsSettings.KEYS);
        keys.addAll(DetectorConfig.KEYS);
      }
      case "sink" -> keys.addAll(SinkCommand.KEYS);
      case "migrate" -> {
        keys.addAll(ClickHouseSettings.KEYS);
        keys.addAll(SchemaOptions.KEYS);
      }
      case "alerts forward" -> {
        keys.addAll(AlertSettings.KEYS);
        keys.add(CommonKeys.KAFKA_BOOTSTRAP);
        keys.add(ClickHouseSettings.URL);
      }
      default -> {
        return null;
      }
    }
    return List.copyOf(keys);
  }

  /** Prefixes of open-ended key families a command reads (none today: every key is declared). */
  public static List<String> familiesOf(String command) {
    return List.of();
  }

  /** Whether the command's Kafka clients take the raw {@code kafka.*} settings. */
  public static boolean usesKafka(String command) {
    return !command.equals("migrate");
  }
}
