package dev.r1lat.bench;

import dev.r1lat.cli.ConfigOptions;
import dev.r1lat.cli.Main;
import dev.r1lat.cli.MigrateCommand;
import dev.r1lat.config.Durations;
import dev.r1lat.reliability.PrivateStack;
import dev.r1lat.reliability.ReliabilitySuite;
import dev.r1lat.reliability.ResultTable;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./r1lat bench reliability}: the reliability suites of issues 7 and 11 (module
 * reliability/) on a private local stack, as a table. The scenarios live in that module; cli
 * depends on it, and the scenarios start the streams app and the sink as worker JVMs by their own
 * main classes, so the module never needs cli.
 */
@Command(
    name = "reliability",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fault scenarios on a private local stack (its own ports and state; the stack you may have"
          + " running is not touched): streams app SIGKILLed and restarted (mid-run, and with"
          + " its input at rest), Kafka broker restarted, ClickHouse down, sink SIGKILLed between"
          + " insert and offset commit, 10,000 malformed records, out-of-order and late events,"
          + " two instances with one killed (scenarios 1-7); a producer clock 4 min and 1 h fast"
          + " (burst and trickle), extreme values over 4,096 groups, poison records of each"
          + " decoder failure kind, a 101-day backfill, ClickHouse rejecting a batch, the broker"
          + " SIGKILLed, the network to ClickHouse hanging, the gateway with Kafka down, retried"
          + " requests (scenarios 8-17). Each checks exact counts in the final window stats,"
          + " the late, dead-letter and quarantine topics, and ClickHouse.",
      "Prints: scenario, events in, events accounted for, duplicates, time to recover."
          + " About 20 minutes. Exit 1 if any scenario fails."
    })
final class BenchReliabilityCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--only",
      paramLabel = "LIST",
      description =
          "scenario numbers to run, e.g. 1,5 (default: all of"
              + " 1,1b,2,3,4,5,6,7,8,8b,9,9b,10,11,12,13,14,15,16,17)")
  String only;

  @Option(
      names = "--per-window",
      defaultValue = "1200",
      description =
          "events per one-minute window (6 windows per scenario; default ${DEFAULT-VALUE})")
  int perWindow;

  @Option(
      names = "--clickhouse-outage",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "how long ClickHouse stays down in scenario 3, and the network to it hangs in 15"
              + " (default ${DEFAULT-VALUE})")
  String outage;

  @Option(
      names = "--work-dir",
      defaultValue = ".state/bench-reliability",
      description =
          "stack state, worker state and logs, replaced on each run (default ${DEFAULT-VALUE})")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    List<dev.r1lat.reliability.ReliabilityScenario> scenarios;
    try {
      scenarios = ReliabilitySuite.select(only);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // the scenario's own ClickHouse queries retry through a restart; its stack traces are noise
    MigrateCommand.quietClickHouseClient();
    ScenarioEnv.Volume volume =
        ScenarioEnv.Volume.defaults()
            .withPerWindow(perWindow)
            .withClickhouseOutage(Durations.parse(outage));
    Path home = config.stack().home();
    Path work = workDir.isAbsolute() ? workDir : home.resolve(workDir);
    cleanEarlierRun(work);
    LocalStack stack =
        PrivateStack.create(home, work.resolve("stack"), BenchReliabilityCommand::say);
    try {
      Endpoints endpoints = stack.start();
      ScenarioEnv env =
          new ScenarioEnv(endpoints, stack, work, BenchReliabilityCommand::say, volume);
      List<ScenarioResult> results = ReliabilitySuite.run(scenarios, env);
      System.out.println();
      ResultTable.print(results, System.out);
      System.out.println("worker logs: " + work.resolve("logs"));
      return results.stream().allMatch(ScenarioResult::passed) ? 0 : Main.EXIT_FAILED;
    } finally {
      stack.stop();
    }
  }

  /**
   * Each run starts from a fresh private stack and state: only what an earlier run of this command
   * created is removed (stack/, logs/ and the rel-* worker state folders).
   */
  private static void cleanEarlierRun(Path work) throws IOException {
    if (!Files.isDirectory(work)) {
      return;
    }
    try (Stream<Path> children = Files.list(work)) {
      for (Path child : children.toList()) {
        String name = child.getFileName().toString();
        if (name.equals("stack") || name.equals("logs") || name.startsWith("rel-")) {
          deleteTree(child);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void say(String line) {
    System.err.println("r1lat: " + line);
  }
}
