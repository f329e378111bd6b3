package dev.r1lat.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            + " local broker, e.g.: ./r1lat kafka-topics -- --list")
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
    cmd.addAll(args);
    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }
}
