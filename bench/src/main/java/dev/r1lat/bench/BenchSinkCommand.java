package dev.r1lat.bench;

import dev.r1lat.bench.sink.SinkBenchmark;
import dev.r1lat.cli.ConfigOptions;
import dev.r1lat.cli.Main;
import dev.r1lat.cli.MigrateCommand;
import dev.r1lat.cli.SinkCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat bench sink}: raw rows/s through the sink beside ClickHouse's own insert rate. */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = {
      "Produce N synthetic RequestTimings to a fresh Kafka topic, time the sink draining them"
          + " into a fresh ClickHouse database (from its first consumed record to its last row"
          + " written), then time INSERT INTO request_timings SELECT ... FROM numbers(N) into the"
          + " same table. Prints both rates and their ratio; target: ratio >= 0.5.",
      "Needs the stack (./r1lat stack up). The bench database and topics are dropped afterwards"
          + " unless --keep."
    })
final class BenchSinkCommand implements Callable<Integer> {
  /** The sink within a factor 2 of ClickHouse inserting the same rows from itself. */
  private static final double TARGET_RATIO = 0.5;

  @Mixin ConfigOptions config;

  @Option(
      names = "--rows",
      defaultValue = "1000000",
      description = "events (default: ${DEFAULT-VALUE})")
  int rows;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "partitions of the bench topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--batch-rows",
      defaultValue = "100000",
      description = "sink.batch.max-rows for the run (default: ${DEFAULT-VALUE})")
  int batchRows;

  @Option(
      names = "--max-delay",
      defaultValue = "300ms",
      description = "sink.batch.max-delay for the run (default: ${DEFAULT-VALUE})")
  String maxDelay;

  @Option(
      names = "--writer-threads",
      defaultValue = "2",
      description = "sink.writer-threads for the run (default: ${DEFAULT-VALUE})")
  int writerThreads;

  @Option(names = "--keep", description = "keep the bench database and topics")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    if (rows < 1 || partitions < 1 || batchRows < 1) {
      System.err.println("r1lat: bench sink: --rows, --partitions and --batch-rows must be >= 1");
      return Main.EXIT_USAGE;
    }
    MigrateCommand.quietClickHouseClient();
    var ch = SinkCommand.clickhouse(config);
    var sink = SinkCommand.sinkSettings(config);
    var bench =
        new SinkBenchmark(
            sink.bootstrapServers(),
            ch,
            new SinkBenchmark.Config(
                rows,
                partitions,
                batchRows,
                dev.r1lat.config.Durations.parse(maxDelay),
                writerThreads,
                keep),
            line -> System.out.println("bench sink: " + line));
    SinkBenchmark.Result r;
    try {
      r = bench.run();
    } catch (RuntimeException e) {
      System.err.println("r1lat: bench sink: " + MigrateCommand.oneLine(e));
      return Main.EXIT_FAILED;
    }
    System.out.printf(
        "sink     : %,d rows in %.2f s = %,.0f rows/s  (Kafka -> sink -> ClickHouse, %d partitions,"
            + " %d batches, %d writer threads)%n",
        r.rows(), r.sinkSeconds(), r.sinkRowsPerSecond(), partitions, r.batches(), writerThreads);
    System.out.printf(
        "sink CPU : %.2f CPU-s per million rows (this JVM: consume, decode, check, encode, send;"
            + " ClickHouse's own CPU not included)%n",
        r.sinkCpuSecondsPerMillion());
    System.out.printf(
        "baseline : %,d rows in %.2f s = %,.0f rows/s  (INSERT INTO request_timings SELECT ... FROM"
            + " numbers(), same table, same run)%n",
        r.rows(), r.baselineSeconds(), r.baselineRowsPerSecond());
    double ratio = r.sinkRowsPerSecond() / r.baselineRowsPerSecond();
    System.out.printf(
        "ratio    : sink / baseline = %.2f (target >= %.1f: %s)%n",
        ratio, TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met");
    System.out.printf("(producing the events took %.2f s, not counted)%n", r.produceSeconds());
    return 0;
  }
}
