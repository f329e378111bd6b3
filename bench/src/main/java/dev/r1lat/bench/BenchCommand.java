package dev.r1lat.bench;

import dev.r1lat.bench.streams.SketchAccuracyBench;
import dev.r1lat.bench.streams.StreamsThroughputBench;
import dev.r1lat.cli.ConfigOptions;
import dev.r1lat.cli.Main;
import dev.r1lat.cli.MigrateCommand;
import dev.r1lat.cli.SinkCommand;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.streams.StreamsSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat bench ...}: benchmarks that print figures beside a same-run baseline. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks. Each prints its figures beside a baseline measured in the same run.",
    subcommands = {
      BenchCommand.Accuracy.class,
      BenchCommand.Streams.class,
      BenchPublisherCommand.Publisher.class,
      BenchGatewayCommand.class,
      BenchSinkCommand.class,
      BenchAnomaliesCommand.class,
      BenchFreshness.class,
      BenchReliabilityCommand.class
    })
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "accuracy",
      mixinStandardHelpOptions = true,
      description =
          "Relative error of every reported quantile against the exact quantile of the"
              + " same events (>= 1M events per model), per group level and for a day of 1,440 merged"
              + " one-minute sketches; beside the average-of-percentiles baseline. Exit 1 if above 1%%.")
  static final class Accuracy implements Callable<Integer> {
    @Option(
        names = "--events-per-minute",
        defaultValue = "700",
        description =
            "events per simulated minute (x 1,440 minutes x 3 models; default ${DEFAULT-VALUE})")
    int eventsPerMinute;

    @Option(
        names = "--seed",
        defaultValue = "1",
        description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
      double worst = new SketchAccuracyBench(System.out, eventsPerMinute, seed).run();
      return worst <= 0.01 ? 0 : Main.EXIT_FAILED;
    }
  }

  @Command(
      name = "streams",
      mixinStandardHelpOptions = true,
      description =
          "Events/s and CPU-s per million events the topology sustains with exactly-once on,"
              + " beside a bare KafkaConsumer reading the same topic on the same broker in the"
              + " same run; with --vs-clickhouse also beside ClickHouse's Kafka engine consuming"
              + " the same events into a raw table and a t-digest materialized view."
              + " Needs a running Kafka, and ClickHouse for --vs-clickhouse (./r1lat stack up).")
  static final class Streams implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(
        names = "--events",
        defaultValue = "2000000",
        description = "events (default ${DEFAULT-VALUE})")
    int events;

    @Option(
        names = "--partitions",
        defaultValue = "6",
        description = "partitions (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(
        names = "--guarantee",
        defaultValue = "exactly_once_v2",
        description = "processing guarantee (default ${DEFAULT-VALUE})")
    String guarantee;

    @Option(
        names = "--vs-clickhouse",
        description =
            "also run the ClickHouse-only anchor: the same events as JSONEachRow on their own"
                + " topic, consumed by ClickHouse's Kafka engine (clickhouse.url) into a raw"
                + " MergeTree table and one t-digest view per region x tier x minute")
    boolean vsClickHouse;

    @Option(
        names = "--passes",
        defaultValue = "1",
        description =
            "run the whole bench this many times in this JVM, each on fresh topics; the first"
                + " pass pays the JIT compiler's warm-up, later passes show a warm process"
                + " (default ${DEFAULT-VALUE})")
    int passes;

    @Override
    public Integer call() throws Exception {
      String bootstrap = config.settings().get(StreamsSettings.BOOTSTRAP);
      ClickHouseSettings anchor = null;
      if (vsClickHouse) {
        MigrateCommand.quietClickHouseClient();
        anchor = SinkCommand.clickhouse(config);
      }
      for (int pass = 1; pass <= passes; pass++) {
        if (passes > 1) {
          System.out.printf(
              "%n=== pass %d of %d (%s JVM)%n", pass, passes, pass == 1 ? "cold" : "warm");
        }
        new StreamsThroughputBench(System.out, bootstrap, events, partitions, guarantee, anchor)
            .run();
      }
      return 0;
    }
  }
}
