package dev.r1lat.cli;

import dev.r1lat.config.KafkaClientConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Kafka's own kafka-topics tool, run from the broker jars against the local broker. */
@Command(
    name = "kafka-topics",
    mixinStandardHelpOptions = true,
    description =
        "Run Kafka's kafka-topics tool (org.apache.kafka.tools.TopicCommand) against the"
            + " local broker, e.g.: ./r1lat kafka-topics -- --list. The kafka.* settings"
            + " (SASL_SSL, ...) are passed as its --command-config.")
final class KafkaTopicsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Parameters(paramLabel = "ARGS", description = "arguments for kafka-topics (after --)")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    var stack = config.stack();
    Path lib = stack.brokerLib();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                lib + "/*",
                "org.apache.kafka.tools.TopicCommand",
                "--bootstrap-server",
                "127.0.0.1:" + stack.kafkaPort()));
    Map<String, String> overrides = KafkaClientConfigs.overrides(config.settings());
    Path clientConfig = overrides.isEmpty() ? null : writeClientConfig(overrides);
    try {
      if (clientConfig != null) {
        // security settings (SASL_SSL, JAAS) reach the tool through a private file, never argv
        cmd.addAll(List.of("--command-config", clientConfig.toString()));
      }
      cmd.addAll(args);
      return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    } finally {
      if (clientConfig != null) {
        Files.deleteIfExists(clientConfig);
      }
    }
  }

  /** The kafka.* settings as a client properties file only this user can read. */
  static Path writeClientConfig(Map<String, String> overrides) throws IOException {
    Path file =
        Files.createTempFile(
            "r1lat-kafka-client",
            ".properties",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Properties props = new Properties();
    props.putAll(overrides);
    try (var out = Files.newBufferedWriter(file)) {
      props.store(out, "kafka.* settings of r1lat; deleted when kafka-topics exits");
    }
    return file;
  }
}
