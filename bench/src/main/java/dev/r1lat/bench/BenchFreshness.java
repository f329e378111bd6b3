package dev.r1lat.bench;

import dev.r1lat.cli.ConfigOptions;
import dev.r1lat.cli.Main;
import dev.r1lat.cli.MigrateCommand;
import dev.r1lat.cli.SinkCommand;
import dev.r1lat.cli.StackCommand;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.StackBootstrap;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./r1lat bench freshness}: live traffic through the whole pipeline (streams app + sink on
 * the local stack); for every event, the time from its append to Kafka (producer acknowledgement)
 * until its window's row is queryable in {@code latency_stats_1m}. Beside it, the same-run lower
 * bound no pipeline can beat: the wait until the event's window ends plus the grace period.
 */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description =
        "Freshness of latency_stats_1m: event append -> its window's row queryable"
            + " (p50/p99), beside the window + grace lower bound. Target p99 <= window + grace + 5 s."
            + " Takes --minutes of live traffic plus about two minutes.")
final class BenchFreshness implements Callable<Integer> {
  private static final long MINUTE = 60_000;

  @Mixin ConfigOptions config;

  @Option(names = "--minutes", defaultValue = "4", description = "minutes of live traffic")
  int minutes;

  @Option(names = "--rate", defaultValue = "200", description = "events per second")
  int rate;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description =
          "minutes of traffic before"
              + " measuring: tasks start (RocksDB, transactions) at their own pace, and windows of a"
              + " partition that is not processing yet close late")
  int warmupMinutes;

  @Override
  public Integer call() throws Exception {
    MigrateCommand.quietClickHouseClient();
    Endpoints endpoints = StackCommand.localStack(config).start();
    String prefix = "fresh-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(
        endpoints.kafkaBootstrap(), topics, config.stack().topicPartitions());
    ClickHouseSettings ch = SinkCommand.clickhouse(config);
    if (MigrateCommand.migrate(config, ch, false) != 0) {
      return Main.EXIT_FAILED;
    }
    Settings s = runSettings(endpoints, prefix);
    String region = "fresh-" + prefix.substring(6, 14);
    measure(s, endpoints, topics, ch, region).print(System.out);
    return 0;
  }

  /** The configured settings on this run's own topics, application id, state and consumer group. */
  private Settings runSettings(Endpoints endpoints, String prefix) {
    return config
        .settings()
        .with(
            Map.of(
                "kafka.bootstrap-servers",
                endpoints.kafkaBootstrap(),
                "topics.prefix",
                prefix,
                "streams.application-id",
                prefix + "streams",
                "streams.state-dir",
                ".state/bench-freshness/" + prefix,
                "streams.metrics-port",
                "0",
                "sink.topic-prefix",
                prefix,
                "sink.group-id",
                prefix + "sink"));
  }

  /**
   * Streams app and sink in this JVM, live traffic, then waits for the last window's row. The
   * watchers stop (and are waited for) before the pipeline closes.
   */
  private FreshnessReport measure(
      Settings s, Endpoints endpoints, Topics topics, ClickHouseSettings ch, String region)
      throws Exception {
    StreamsSettings streamsSettings = StreamsSettings.from(s);
    long grace = streamsSettings.grace().toMillis();
    try (StreamsApp streams = StreamsApp.start(streamsSettings, topics, l -> {});
        SinkRuntime sink =
            SinkRuntime.start(SinkSettings.from(s, endpoints.kafkaBootstrap()), ch)) {
      Thread sinkLoop = new Thread(sink.sink()::run, "bench-sink");
      sinkLoop.start();
      List<long[]> acked;
      FreshnessWatch watch = FreshnessWatch.start(ch, endpoints, topics, region);
      try {
        if (!streams.awaitRunning(Duration.ofMinutes(2))) {
          throw new IllegalStateException("streams app did not reach RUNNING");
        }
        long measureFrom = System.currentTimeMillis() + warmupMinutes * MINUTE;
        acked =
            new FreshnessTraffic(s, topics, region, rate)
                .produce(measureFrom, measureFrom + minutes * MINUTE, watch.visibleAt()::size);
        long lastWindow = acked.stream().mapToLong(a -> a[0]).max().orElse(0);
        watch.awaitVisible(lastWindow, lastWindow + MINUTE + grace + 60_000);
      } finally {
        watch.close();
      }
      sink.sink().stop();
      sinkLoop.join(30_000);
      return new FreshnessReport(acked, watch.visibleAt(), watch.inKafkaAt(), grace);
    }
  }
}
