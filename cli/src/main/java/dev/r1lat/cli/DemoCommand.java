package dev.r1lat.cli;

import dev.r1lat.config.Durations;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.GroundTruth;
import dev.r1lat.ingest.sim.KafkaTimingSink;
import dev.r1lat.ingest.sim.SimulationRunner;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.StackBootstrap;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: the whole pipeline on the local stack, driven by the fleet simulator with a fault
 * midway, live progress, and a summary at the end. Each run uses its own topics ({@code demo-...})
 * so a re-run never collides with the stream time of an earlier one.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the whole pipeline locally: start Kafka + ClickHouse, apply the migrations, start the"
          + " streams app and the sink, and replay --duration of simulated R1 fleet traffic at"
          + " --speed with a fault midway. Shows live progress; prints the latest percentiles,"
          + " the anomalies found beside the faults injected, SQL to explore, and writes the"
          + " weekly report.",
      "Ctrl-C stops everything it started and leaves no process behind."
    })
final class DemoCommand implements Callable<Integer> {
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @Mixin ConfigOptions config;

  @Option(
      names = "--duration",
      defaultValue = "3h",
      description = "simulated traffic to replay, ending now (default ${DEFAULT-VALUE})")
  String duration;

  @Option(
      names = "--speed",
      defaultValue = "120",
      description = "simulated seconds per wall second (default ${DEFAULT-VALUE})")
  double speed;

  @Option(
      names = "--rate",
      defaultValue = "40",
      description = "mean requests per simulated second, fleet-wide (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--scenario",
      defaultValue = "gpu-degradation:start=110m;end=150m",
      description =
          "fault(s) to inject, as for ./r1lat simulate, or none" + " (default ${DEFAULT-VALUE})")
  String scenario;

  @Option(names = "--seed", defaultValue = "7", description = "simulator seed")
  long seed;

  @Option(
      names = "--keep-running",
      description = "after the replay, keep the streams app and the sink running until Ctrl-C")
  boolean keepRunning;

  @Option(names = "--keep-data", description = "keep rows of earlier runs in ClickHouse")
  boolean keepData;

  @Option(
      names = "--report",
      defaultValue = ".state/demo/weekly-report.html",
      description = "where to write the weekly report (default ${DEFAULT-VALUE})")
  Path report;

  private final List<AutoCloseable> started = new ArrayList<>();
  private volatile boolean interrupted;

  @Override
  public Integer call() throws Exception {
    MigrateCommand.quietClickHouseClient();
    LocalStack stack = StackCommand.localStack(config);
    boolean stackWasUp = stack.status().stream().allMatch(s -> s.healthy());
    Thread hook = new Thread(() -> stopAll(stack, stackWasUp), "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Endpoints endpoints = stack.start();

    String prefix = "demo-" + RUN_ID.format(Instant.now()) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(
        endpoints.kafkaBootstrap(), topics, config.stack().topicPartitions());
    Settings s = config.settings().with(runSettings(prefix, endpoints));
    ClickHouseSettings ch = SinkCommand.clickhouse(config);
    if (MigrateCommand.migrate(config, ch, false) != 0) {
      return Main.EXIT_FAILED;
    }
    try (DemoQueries queries = new DemoQueries(ch)) {
      if (!keepData) {
        queries.truncateAll();
      }
      SimulatorConfig sim = simulator();
      step("streams app and sink on topics " + prefix + "*");
      StreamsApp streams = StreamsApp.start(StreamsSettings.from(s), topics, line -> {});
      started.add(streams);
      SinkRuntime sink = SinkRuntime.start(SinkSettings.from(s, endpoints.kafkaBootstrap()), ch);
      Thread sinkLoop = new Thread(sink.sink()::run, "demo-sink");
      sinkLoop.start();
      started.add(
          () -> {
            sink.sink().stop(); // writes what it buffered, then the loop ends
            sinkLoop.join(30_000);
            sink.close();
          });
      DemoProgress progress = new DemoProgress(streams, queries);
      SimulationRunner.Summary summary = replay(sim, s, topics, progress);
      if (!interrupted) {
        progress.awaitLastWindow(summary.maxEventTimeMs(), Duration.ofMinutes(4));
        new DemoSummary(queries, FleetSimulator.groundTruth(sim), System.out).print();
        step(
            "your own vLLM fleet: run ./r1lat gateway, then vllm serve <model>"
                + " --otlp-traces-endpoint http://<gateway-host>:"
                + s.get(dev.r1lat.ingest.otlp.OtlpSettings.GRPC_PORT)
                + " (OTLP/HTTP: :"
                + s.get(dev.r1lat.ingest.otlp.OtlpSettings.HTTP_PORT)
                + "/v1/traces; single region: --set otlp.default-region=R --set"
                + " otlp.default-tier=T)");
        writeReport(ch);
      }
      if (keepRunning && !interrupted) {
        step("still running (--keep-running): Ctrl-C to stop everything");
        progress.untilInterrupted(() -> interrupted);
      }
    } finally {
      if (!interrupted) {
        closeStarted();
        Runtime.getRuntime().removeShutdownHook(hook);
        step(
            "streams app and sink stopped; the stack keeps running for ./r1lat sql"
                + " (./r1lat stack down to stop it)");
      }
    }
    return 0;
  }

  private Map<String, String> runSettings(String prefix, Endpoints endpoints) {
    return Map.ofEntries(
        Map.entry("kafka.bootstrap-servers", endpoints.kafkaBootstrap()),
        Map.entry("topics.prefix", prefix),
        Map.entry("streams.application-id", prefix + "streams"),
        Map.entry("streams.state-dir", ".state/demo/streams"),
        // replayed history arrives in bursts: close trailing windows soon after input stops
        Map.entry("streams.idle-advance", "5s"),
        Map.entry("streams.metrics-port", "0"),
        Map.entry("sink.topic-prefix", prefix),
        Map.entry("sink.group-id", prefix + "sink"),
        Map.entry(IngestSettings.TOPIC.name(), topicsInput(prefix)));
  }

  private static String topicsInput(String prefix) {
    return Topics.withPrefix(prefix).requestTimings().name();
  }

  private SimulatorConfig simulator() {
    Duration span = Durations.parse(duration);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SimulatorConfig.Builder b = SimulatorConfig.builder().seed(seed).rate(rate).duration(span);
    b.start(now.minus(span).minus(b.build().requestTimeout()));
    if (!"none".equals(scenario)) {
      b.scenarios(scenario);
    }
    SimulatorConfig sim = b.build();
    step(
        String.format(
            "replaying %s of fleet traffic (%.0f req/s) at %.0fx: about %d s",
            duration, rate, speed, (long) (span.toSeconds() / speed)));
    for (GroundTruth.Entry f : FleetSimulator.groundTruth(sim)) {
      step(
          "fault injected: "
              + f.scenario()
              + " in "
              + f.region()
              + "/"
              + f.tier()
              + " "
              + DemoSummary.hhmm(f.startMs())
              + "-"
              + DemoSummary.hhmm(f.endMs())
              + " ("
              + f.description()
              + ")");
    }
    return sim;
  }

  private SimulationRunner.Summary replay(
      SimulatorConfig sim, Settings s, Topics topics, DemoProgress progress)
      throws InterruptedException {
    try (KafkaTimingSink out =
        new KafkaTimingSink(
            KafkaProducerConfigs.reliable(s, "r1lat-demo-simulator"),
            topics.requestTimings().name())) {
      SimulationRunner runner =
          new SimulationRunner(
              sim, new SimulationRunner.Pacing(speed), out, line -> {}, Duration.ofDays(1));
      started.add(0, runner::stop);
      progress.start(runner);
      try {
        return runner.run();
      } finally {
        out.flush();
        progress.simulatorDone();
      }
    }
  }

  private void writeReport(ClickHouseSettings ch) throws Exception {
    Files.createDirectories(report.toAbsolutePath().getParent());
    try (var client = ch.client()) {
      var data =
          new dev.r1lat.sink.report.WeeklyReport(client, ch.database())
              .read(java.time.LocalDate.now(ZoneOffset.UTC));
      Files.writeString(report, dev.r1lat.sink.report.ReportHtml.render(data));
    }
    step("weekly report: " + report.toAbsolutePath());
  }

  /** Ctrl-C: stop the simulator, the streams app, the sink and, if it started it, the stack. */
  private void stopAll(LocalStack stack, boolean stackWasUp) {
    interrupted = true;
    System.err.println("\nr1lat demo: stopping...");
    closeStarted();
    if (!stackWasUp) {
      stack.stop();
    }
  }

  private synchronized void closeStarted() {
    for (AutoCloseable c : started) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("r1lat demo: " + e.getMessage());
      }
    }
    started.clear();
  }

  static void step(String line) {
    System.out.println("r1lat demo: " + line);
  }
}
