package dev.r1lat.cli;

import dev.r1lat.schema.Topics;
import dev.r1lat.streams.PipelineMetrics;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat streams}: runs the Kafka Streams app until Ctrl-C. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "Run the streams app: reads r1.request-timings, writes final 1-minute latency statistics"
          + " to r1.latency-stats-1m, invalid input to r1.request-timings.dlq, late input to"
          + " r1.request-timings.late and input whose event time cannot be trusted to"
          + " r1.request-timings.quarantine. Exactly-once (exactly_once_v2) by default.",
      "Settings (./r1lat config): kafka.bootstrap-servers, streams.grace, slo.ttft, slo.tpot,"
          + " slo.target, streams.metrics-port (Prometheus /metrics), ..."
    })
final class StreamsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--progress-every",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "print counters this often (default ${DEFAULT-VALUE}); 0s for never")
  String progressEvery;

  @Override
  public Integer call() throws Exception {
    StreamsSettings s = StreamsSettings.from(config.settings());
    Topics topics = Topics.withPrefix(s.topicPrefix());
    try (StreamsApp app =
        StreamsApp.start(s, topics, line -> System.err.println("r1lat: " + line))) {
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "streams-shutdown"));
      if (app.metricsPort() != null) {
        System.err.println(
            "r1lat: metrics at http://" + s.metricsBind() + ":" + app.metricsPort() + "/metrics");
      }
      Duration every = dev.r1lat.config.Durations.parse(progressEvery);
      Thread progress = new Thread(() -> printProgress(app.metrics(), every), "progress");
      progress.setDaemon(true);
      if (!every.isZero()) {
        progress.start();
      }
      Throwable failure = app.awaitStop();
      return failure == null ? 0 : Main.EXIT_FAILED;
    }
  }

  private static void printProgress(PipelineMetrics m, Duration every) {
    while (true) {
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      System.err.printf(
          "r1lat: in %.0f  stats out %.0f  dlq %.0f  late %.0f  quarantined %.0f  retries dropped"
              + " %.0f  folded %.0f%n",
          m.count("r1lat_records_in_total"),
          m.count("r1lat_window_stats_out_total"),
          m.count("r1lat_records_dlq_total"),
          m.count("r1lat_records_late_total"),
          m.count("r1lat_quarantined_total"),
          m.count("r1lat_duplicates_total"),
          m.count("r1lat_dimension_values_folded_total"));
    }
  }
}
