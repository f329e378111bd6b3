package dev.r1lat.cli;

import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Durations;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.sink.schema.SchemaOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat sink}: Kafka to ClickHouse, idempotent, until stopped. */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = {
      "Consume r1.request-timings, r1.latency-stats-1m and r1.latency-anomalies and write them to"
          + " ClickHouse (request_timings, latency_stats_1m, latency_anomalies) in idempotent"
          + " batches. Poison records go to sink.dlq-topic with the reason in a header.",
      "Applies the sql/ migrations first (idempotent) unless --no-migrate. Stops cleanly on"
          + " Ctrl-C, writing what it has buffered. Settings: sink.*, clickhouse.*,"
          + " kafka.bootstrap-servers (./r1lat config)."
    })
public final class SinkCommand implements Callable<Integer> {
  /** Every key of the sink module, registered in {@link ConfigOptions#ALL_KEYS}. */
  static final List<ConfigKey<?>> KEYS = keys();

  @Mixin ConfigOptions config;

  @Option(names = "--no-migrate", description = "do not apply the sql/ migrations first")
  boolean noMigrate;

  @Option(
      names = "--progress",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "print counters this often (default: ${DEFAULT-VALUE})")
  String progressEvery;

  @Option(
      names = "--max-runtime",
      paramLabel = "DURATION",
      description = "stop after this long (default: run until Ctrl-C)")
  String maxRuntime;

  private static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> all = new ArrayList<>();
    all.addAll(ClickHouseSettings.KEYS);
    all.addAll(SinkSettings.KEYS);
    all.addAll(SchemaOptions.KEYS);
    return List.copyOf(all);
  }

  public static ClickHouseSettings clickhouse(ConfigOptions config) {
    return ClickHouseSettings.from(
        config.settings(), "http://127.0.0.1:" + config.stack().clickhouseHttpPort());
  }

  public static SinkSettings sinkSettings(ConfigOptions config) {
    return SinkSettings.from(config.settings(), "127.0.0.1:" + config.stack().kafkaPort());
  }

  @Override
  public Integer call() throws Exception {
    Duration every = Durations.parse(progressEvery);
    MigrateCommand.quietClickHouseClient();
    ClickHouseSettings ch = clickhouse(config);
    SinkSettings s = sinkSettings(config);
    if (!noMigrate && MigrateCommand.migrate(config, ch, false) != 0) {
      return Main.EXIT_FAILED;
    }
    System.out.printf(
        "sink: %s -> %s/%s, batches of %d rows or %d ms, group %s%n",
        s.bootstrapServers(),
        ch.displayUrl(),
        ch.database(),
        s.maxRows(),
        s.maxDelay().toMillis(),
        s.groupId());
    SinkRuntime runtime = SinkRuntime.start(s, ch);
    CountDownLatch finished = new CountDownLatch(1);
    // SIGTERM / Ctrl-C: stop the loop, let it write what it buffered, then let the JVM exit
    Thread hook = new Thread(() -> stopAndWait(runtime, finished), "sink-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Thread progress = progressPrinter(runtime, every);
    long deadline =
        maxRuntime == null
            ? Long.MAX_VALUE
            : System.nanoTime() + Durations.parse(maxRuntime).toNanos();
    Thread limiter = new Thread(() -> stopAt(runtime, deadline), "sink-max-runtime");
    limiter.setDaemon(true);
    limiter.start();
    try {
      runtime.sink().run();
    } finally {
      progress.interrupt();
      runtime.close();
      System.out.println("sink: stopped; " + runtime.sink().metrics().summary());
      System.out.flush();
      finished.countDown(); // only now may a shutdown in progress halt the JVM
    }
    if (maxRuntime != null) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }

  private static void stopAndWait(SinkRuntime runtime, CountDownLatch finished) {
    runtime.sink().stop();
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stopAt(SinkRuntime runtime, long deadlineNanos) {
    try {
      while (System.nanoTime() < deadlineNanos) {
        Thread.sleep(200);
      }
      runtime.sink().stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread progressPrinter(SinkRuntime runtime, Duration every) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(every.toMillis());
                  System.out.println("sink: " + runtime.sink().metrics().summary());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sink-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
