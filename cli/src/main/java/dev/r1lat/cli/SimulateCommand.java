package dev.r1lat.cli;

import dev.r1lat.config.Durations;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.otlp.OtlpHttpTimingSink;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.GroundTruth;
import dev.r1lat.ingest.sim.JsonLinesTimingSink;
import dev.r1lat.ingest.sim.KafkaTimingSink;
import dev.r1lat.ingest.sim.SimulationRunner;
import dev.r1lat.ingest.sim.SimulationRunner.Pacing;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.ingest.sim.TimingSink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat simulate}: realistic R1 fleet traffic, optionally with injected faults. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publish simulated R1 fleet traffic (one RequestTiming per request) to Kafka, or as JSON"
          + " lines with --out. Deterministic for a given --seed and --start.",
      "Real time by default; --warp produces days of history in minutes (event times end now).",
      "Scenarios: gpu-degradation, network-congestion, queue-saturation, error-storm,"
          + " region-silent, creeping-regression, or all; options as"
          + " NAME:region=eu-west;tier=H100;start=2h;end=3h;magnitude=3 (start/end: offset from"
          + " --start or an ISO instant).",
      "Example: ./r1lat simulate --warp --duration 7d --rate 20 --scenario all"
          + " --ground-truth target/truth.jsonl"
    })
final class SimulateCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--rate",
      defaultValue = "50",
      description =
          "mean requests per simulated second, fleet-wide; the day curve moves it ±35%%"
              + " (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "10m",
      description = "simulated time span: 10m, 6h, 7d (default ${DEFAULT-VALUE})")
  String duration;

  @Option(
      names = "--start",
      paramLabel = "INSTANT",
      description =
          "first arrival, ISO (2026-01-05T00:00:00Z); default now, or when warping"
              + " now minus --duration minus the 10 min request timeout (no event time in the"
              + " future)")
  Instant start;

  @Option(
      names = "--warp",
      description =
          "time-warp mode: start at now minus --duration and run as fast as possible"
              + " (or at --speed)")
  boolean warp;

  @Option(
      names = "--speed",
      description = "simulated seconds per wall second, e.g. 3600 (implies --warp's start)")
  Double speed;

  @Option(names = "--as-fast-as-possible", description = "no pacing at all (implies --warp)")
  boolean asFastAsPossible;

  @Option(
      names = "--scenario",
      paramLabel = "NAME[:OPTS]",
      completionCandidates = ScenarioIds.class,
      description =
          "fault scenario(s): repeatable; NAME,NAME or all; options NAME:key=v;key=v;"
              + " NAME: ${COMPLETION-CANDIDATES}")
  List<String> scenarios = new ArrayList<>();

  @Option(
      names = "--ground-truth",
      paramLabel = "FILE",
      description = "write the injected faults as JSON lines (for the anomaly benchmark)")
  Path groundTruth;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka bootstrap servers (default: setting kafka.bootstrap-servers)")
  String bootstrapServers;

  @Option(names = "--topic", description = "topic (default: setting ingest.topic)")
  String topic;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write JSON lines to FILE (- for stdout) instead of Kafka")
  String out;

  @Option(
      names = "--otlp",
      paramLabel = "URL",
      description =
          "send vLLM-shaped OTLP spans (HTTP/protobuf) to URL, e.g."
              + " http://127.0.0.1:4318/v1/traces, instead of Kafka")
  URI otlp;

  @Option(
      names = "--out-of-order",
      defaultValue = "0.01",
      description = "fraction published 1-5 s after completion (default ${DEFAULT-VALUE})")
  double outOfOrder;

  @Option(
      names = "--late",
      defaultValue = "0.001",
      description = "fraction published 2-10 min after completion (default ${DEFAULT-VALUE})")
  double late;

  @Option(
      names = "--progress",
      defaultValue = "5s",
      description = "progress line interval (default ${DEFAULT-VALUE})")
  String progressEvery;

  @Override
  public Integer call() throws Exception {
    var settings = config.settings();
    Duration span = Durations.parse(duration);
    Pacing pacing = pacing();
    Instant first = firstArrival(span);
    SimulatorConfig.Builder b = simulatorConfig(first, span);
    try {
      scenarios.forEach(b::scenarios);
    } catch (IllegalArgumentException e) {
      System.err.println("r1lat simulate: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    SimulatorConfig sim = b.build();
    writeGroundTruth(sim);
    printFaults(sim);

    String servers =
        bootstrapServers != null
            ? bootstrapServers
            : settings.get(IngestSettings.BOOTSTRAP_SERVERS);
    String topicName = topic != null ? topic : settings.get(IngestSettings.TOPIC);
    KafkaTimingSink kafka =
        out != null || otlp != null ? null : SimulationSinks.kafka(settings, servers, topicName);
    TimingSink sink =
        out != null
            ? new JsonLinesTimingSink(SimulationSinks.jsonLines(out))
            : otlp != null
                ? new OtlpHttpTimingSink(otlp, settings.get(IngestSettings.GATEWAY_AUTH_TOKEN))
                : kafka;
    System.out.printf(
        "simulating %s of R1 fleet traffic from %s at %.1f req/s (seed %d, %s) -> %s%n",
        duration,
        first,
        rate,
        seed,
        pacing,
        out != null
            ? out
            : otlp != null ? "OTLP " + otlp : "kafka " + servers + " topic " + topicName);

    SimulationRunner runner =
        new SimulationRunner(
            sim, pacing, sink, line -> System.out.println(line), Durations.parse(progressEvery));
    printSummary(runUntilDoneOrStopped(runner, sink));
    if (kafka != null && kafka.failed() > 0) {
      System.err.println(
          "r1lat simulate: "
              + kafka.failed()
              + " events were not written to Kafka; first error: "
              + kafka.firstError());
      return Main.EXIT_FAILED;
    }
    return 0;
  }

  private Pacing pacing() {
    if (asFastAsPossible) {
      return Pacing.AS_FAST_AS_POSSIBLE;
    } else if (speed != null) {
      return new Pacing(speed);
    }
    return warp ? Pacing.AS_FAST_AS_POSSIBLE : Pacing.REAL_TIME;
  }

  /** --start, or now; warping, early enough that the history (and its slowest request) ends now. */
  private Instant firstArrival(Duration span) {
    boolean warping = warp || asFastAsPossible || (speed != null && speed != 1);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Duration timeout = SimulatorConfig.builder().build().requestTimeout();
    return start != null ? start : (warping ? now.minus(span).minus(timeout) : now);
  }

  private SimulatorConfig.Builder simulatorConfig(Instant first, Duration span) {
    return SimulatorConfig.builder()
        .seed(seed)
        .rate(rate)
        .start(first)
        .duration(span)
        .outOfOrder(outOfOrder, Duration.ofSeconds(5))
        .late(late, Duration.ofMinutes(2), Duration.ofMinutes(10));
  }

  private void writeGroundTruth(SimulatorConfig sim) throws IOException {
    if (groundTruth != null) {
      GroundTruth.write(groundTruth, FleetSimulator.groundTruth(sim));
      System.out.println(
          "ground truth: " + sim.faults().size() + " fault(s) written to " + groundTruth);
    }
  }

  private static void printFaults(SimulatorConfig sim) {
    for (var f : sim.faults()) {
      System.out.println(
          "fault "
              + f.scenario().id()
              + " in "
              + f.region()
              + "/"
              + f.tier()
              + " from "
              + Instant.ofEpochMilli(f.startMs())
              + " to "
              + Instant.ofEpochMilli(f.endMs()));
    }
  }

  /** Runs to the end, or until Ctrl+C (the shutdown hook stops the runner and waits for it). */
  private static SimulationRunner.Summary runUntilDoneOrStopped(
      SimulationRunner runner, TimingSink sink) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.stop();
              try {
                done.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    SimulationRunner.Summary summary;
    try {
      summary = runner.run();
      sink.close();
    } finally {
      done.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // interrupted by Ctrl+C: the hook is running
    }
    return summary;
  }

  private static void printSummary(SimulationRunner.Summary summary) {
    System.out.printf(
        "%s %,d events (%,d out of order, %,d late; %s), event times %s .. %s, in %.1f s"
            + " (%,.0f events/s)%s%n",
        summary.stopped() ? "stopped after" : "published",
        summary.events(),
        summary.outOfOrder(),
        summary.late(),
        summary.byStatus(),
        Instant.ofEpochMilli(summary.minEventTimeMs()),
        Instant.ofEpochMilli(summary.maxEventTimeMs()),
        summary.wallTime().toMillis() / 1000.0,
        summary.eventsPerWallSecond(),
        summary.inFlightAtEnd() > 0
            ? String.format(
                "; %,d requests still running at the end not published", summary.inFlightAtEnd())
            : "");
  }
}
