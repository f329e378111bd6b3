package dev.r1lat.bench.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link PublisherBenchmark} programmatically (one fork, short warm-up and measurement, about
 * a minute in all) and reports the caller-thread cost per call against the targets: median ≤ 2 µs
 * and p99 ≤ 20 µs for {@code TimingPublisher.record}.
 */
public final class PublisherBench {
  public static final double TARGET_MEDIAN_NS = 2_000;
  public static final double TARGET_P99_NS = 20_000;

  /** Per-call cost of one benchmark, nanoseconds. */
  public record Line(
      String benchmark,
      long samples,
      double medianNs,
      double p99Ns,
      double p999Ns,
      double meanNs) {}

  /** Results of both benchmarks and whether record() met its targets. */
  public record Report(List<Line> lines) {
    public Line line(String benchmark) {
      return lines.stream().filter(l -> l.benchmark().equals(benchmark)).findFirst().orElseThrow();
    }

    public boolean meetsTargets() {
      Line r = line("publisherRecord");
      return r.medianNs() <= TARGET_MEDIAN_NS && r.p99Ns() <= TARGET_P99_NS;
    }

    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "%-22s %12s %10s %10s %10s %10s%n",
              "caller-thread cost",
              "samples",
              "median",
              "p99",
              "p99.9",
              "mean"));
      for (Line l : lines) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%-22s %12d %8.2f µs %7.2f µs %7.2f µs %7.2f µs%n",
                l.benchmark(),
                l.samples(),
                l.medianNs() / 1000,
                l.p99Ns() / 1000,
                l.p999Ns() / 1000,
                l.meanNs() / 1000));
      }
      Line r = line("publisherRecord");
      sb.append(
          String.format(
              Locale.ROOT,
              "targets for TimingPublisher.record: median <= %.0f µs (%s), p99 <= %.0f µs (%s)%n",
              TARGET_MEDIAN_NS / 1000,
              r.medianNs() <= TARGET_MEDIAN_NS ? "met" : "MISSED",
              TARGET_P99_NS / 1000,
              r.p99Ns() <= TARGET_P99_NS ? "met" : "MISSED"));
      return sb.toString();
    }
  }

  private PublisherBench() {}

  /**
   * @param forks 1 normally; 0 runs in this JVM (when a fork cannot find the classpath)
   */
  public static Report run(
      String bootstrap,
      String topic,
      Duration warmup,
      Duration measurement,
      int forks,
      boolean verbose)
      throws RunnerException {
    Options opts =
        new OptionsBuilder()
            .include(PublisherBenchmark.class.getName() + "\\.")
            .param("bootstrap", bootstrap)
            .param("topic", topic)
            .forks(forks)
            .threads(1)
            .warmupIterations(2)
            .warmupTime(TimeValue.milliseconds(warmup.toMillis() / 2))
            .measurementIterations(3)
            .measurementTime(TimeValue.milliseconds(measurement.toMillis() / 3))
            .timeUnit(TimeUnit.NANOSECONDS)
            .shouldFailOnError(true)
            .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT)
            .jvmArgsAppend("-Xms512m", "-Xmx512m")
            .build();
    Collection<RunResult> results = new Runner(opts).run();
    List<Line> lines = new ArrayList<>();
    for (RunResult rr : results) {
      String name = rr.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      Statistics s = rr.getPrimaryResult().getStatistics();
      lines.add(
          new Line(
              name,
              s.getN(),
              s.getPercentile(50),
              s.getPercentile(99),
              s.getPercentile(99.9),
              s.getMean()));
    }
    lines.sort(
        (a, b) ->
            a.benchmark().equals("publisherRecord")
                ? -1
                : b.benchmark().equals("publisherRecord") ? 1 : 0);
    return new Report(lines);
  }
}
