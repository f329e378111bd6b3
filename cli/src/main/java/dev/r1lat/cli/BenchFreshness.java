package dev.r1lat.cli;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.StackBootstrap;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

  private final Map<Long, Long> windowVisibleAt = new ConcurrentHashMap<>();
  private final Map<Long, Long> windowInKafkaAt = new ConcurrentHashMap<>();

  @Override
  public Integer call() throws Exception {
    MigrateCommand.quietClickHouseClient();
    Endpoints endpoints = StackCommand.localStack(config).start();
    String prefix = "fresh-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(
        endpoints.kafkaBootstrap(), topics, config.stack().topicPartitions());
    Settings s =
        config
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
    ClickHouseSettings ch = SinkCommand.clickhouse(config);
    if (MigrateCommand.migrate(config, ch, false) != 0) {
      return Main.EXIT_FAILED;
    }
    StreamsSettings streamsSettings = StreamsSettings.from(s);
    long grace = streamsSettings.grace().toMillis();
    String region = "fresh-" + prefix.substring(6, 14);
    try (StreamsApp streams = StreamsApp.start(streamsSettings, topics, l -> {});
        SinkRuntime sink = SinkRuntime.start(SinkSettings.from(s, endpoints.kafkaBootstrap()), ch);
        DemoQueries queries = new DemoQueries(ch)) {
      Thread sinkLoop = new Thread(sink.sink()::run, "bench-sink");
      sinkLoop.start();
      Thread watcher = watch(queries, region);
      Thread kafkaWatcher = watchKafka(endpoints, topics, region);
      if (!streams.awaitRunning(Duration.ofMinutes(2))) {
        throw new IllegalStateException("streams app did not reach RUNNING");
      }
      List<long[]> acked = produce(s, topics, region);
      long lastWindow = acked.stream().mapToLong(a -> a[0]).max().orElse(0);
      long deadline =
          System.currentTimeMillis()
              + lastWindow
              - System.currentTimeMillis()
              + MINUTE
              + grace
              + 60_000;
      while (!windowVisibleAt.containsKey(lastWindow) && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      watcher.interrupt();
      kafkaWatcher.interrupt();
      sink.sink().stop();
      sinkLoop.join(30_000);
      report(acked, grace);
    }
    return 0;
  }

  /** Live events with event time = now; returns (window start, ack time) per acknowledged event. */
  private List<long[]> produce(Settings s, Topics topics, String region) throws Exception {
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    List<long[]> acked = java.util.Collections.synchronizedList(new ArrayList<>());
    SplittableRandom rnd = new SplittableRandom(3);
    long measureFrom = System.currentTimeMillis() + warmupMinutes * MINUTE;
    long end = measureFrom + minutes * MINUTE;
    long sent = 0;
    long start = System.currentTimeMillis();
    try (var producer =
        new KafkaProducer<>(
            KafkaProducerConfigs.reliable(s, "bench-freshness"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      while (System.currentTimeMillis() < end) {
        long now = System.currentTimeMillis();
        RequestTiming t =
            RequestTiming.newBuilder()
                .setRequestId("f-" + sent)
                .setEventTimeMs(now)
                .setRegion(region)
                .setTier("H100")
                .setModel("deepseek-r1")
                .setStatus(RequestStatus.OK)
                .setTtftMs(100 + rnd.nextInt(400) * 1.0)
                .setE2eMs(2_000 + rnd.nextInt(9_000))
                .build();
        long window = now - Math.floorMod(now, MINUTE);
        producer.send(
            new ProducerRecord<>(
                topics.requestTimings().name(),
                // keyed by request id like every real publisher: spreads over all partitions,
                // so every partition's event time keeps moving
                t.getRequestId().getBytes(StandardCharsets.UTF_8),
                codec.encode(t)),
            (md, e) -> {
              if (e == null && window >= measureFrom) {
                acked.add(new long[] {window, System.currentTimeMillis()});
              }
            });
        sent++;
        long due = start + sent * 1000 / rate;
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        if (sent % (rate * 30L) == 0) {
          System.out.printf(
              "  %,d events sent, %d windows visible so far%n", sent, windowVisibleAt.size());
        }
      }
    }
    return acked;
  }

  /** Polls ClickHouse for the bench's windows and notes when each first became queryable. */
  private Thread watch(DemoQueries queries, String region) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  for (long w : queries.windowsOf(region)) {
                    windowVisibleAt.putIfAbsent(w, System.currentTimeMillis());
                  }
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // ClickHouse busy: poll again
                }
              }
            },
            "freshness-watch");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Notes when each of the bench's windows reached the stats topic (read_committed). */
  private Thread watchKafka(Endpoints endpoints, Topics topics, String region) {
    var spec = topics.latencyStats1m();
    Map<String, Object> cfg =
        Map.of(
            "bootstrap.servers",
            endpoints.kafkaBootstrap(),
            "group.id",
            "freshness-" + UUID.randomUUID(),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed");
    Thread t =
        new Thread(
            () -> {
              try (var consumer =
                  new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                      cfg, spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
                consumer.subscribe(List.of(spec.name()));
                while (!Thread.currentThread().isInterrupted()) {
                  for (var r : consumer.poll(Duration.ofMillis(100))) {
                    var v = r.value();
                    if (v.getRegion().equals(region)
                        && v.getTier().equals("*")
                        && v.getComponent().equals("e2e")) {
                      windowInKafkaAt.putIfAbsent(v.getWindowStartMs(), System.currentTimeMillis());
                    }
                  }
                }
              } catch (org.apache.kafka.common.errors.InterruptException e) {
                // done
              }
            },
            "freshness-kafka-watch");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void report(List<long[]> acked, long grace) {
    List<Long> measured = new ArrayList<>();
    List<Long> inKafka = new ArrayList<>();
    List<Long> bound = new ArrayList<>();
    int missing = 0;
    for (long[] a : acked) {
      Long visible = windowVisibleAt.get(a[0]);
      if (visible == null) {
        missing++;
        continue;
      }
      measured.add(visible - a[1]);
      bound.add(a[0] + MINUTE + grace - a[1]);
      Long kafka = windowInKafkaAt.get(a[0]);
      if (kafka != null) {
        inKafka.add(kafka - a[1]);
      }
    }
    System.out.printf(
        "%nevents: %,d acknowledged, %d windows visible, %,d events in windows never" + " seen%n",
        acked.size(), windowVisibleAt.size(), missing);
    System.out.printf(
        "%-44s %8s %8s %8s%n", "append -> window row queryable (s)", "p50", "p99", "max");
    System.out.printf(
        "%-44s %8.1f %8.1f %8.1f%n",
        "lower bound: window end + grace - append", q(bound, 0.5), q(bound, 0.99), q(bound, 1.0));
    System.out.printf(
        "%-44s %8.1f %8.1f %8.1f%n",
        "final stats readable in Kafka (streams app)",
        q(inKafka, 0.5),
        q(inKafka, 0.99),
        q(inKafka, 1.0));
    System.out.printf(
        "%-44s %8.1f %8.1f %8.1f%n",
        "row queryable (streams app + sink + ClickHouse)",
        q(measured, 0.5),
        q(measured, 0.99),
        q(measured, 1.0));
    System.out.printf(
        "target: p99 <= window + grace + 5 s = %.0f s%n", (MINUTE + grace + 5_000) / 1e3);
  }

  private static double q(List<Long> values, double quantile) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    return v[(int) Math.min(v.length - 1, Math.floor(quantile * (v.length - 1)))] / 1e3;
  }
}
