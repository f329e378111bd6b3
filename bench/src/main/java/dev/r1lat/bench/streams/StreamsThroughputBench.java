package dev.r1lat.bench.streams;

import dev.r1lat.bench.ProcessCpu;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.TopicSpec;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Events per second the topology sustains with exactly-once on, beside the rate of a bare
 * KafkaConsumer reading the same topic on the same broker in the same run and, when asked, beside
 * the ClickHouse-only anchor ({@link ClickHouseAnchor}) consuming the same events. All read the
 * same N pre-produced events from the beginning; the streams rate is measured from its 20%-th
 * processed record to its 90%-th, so start-up and rebalancing are left out.
 */
public final class StreamsThroughputBench {
  private final PrintStream out;
  private final String bootstrap;
  private final int events;
  private final int partitions;
  private final String guarantee;
  private final ClickHouseSettings anchor;

  /**
   * @param anchor the ClickHouse to run the ClickHouse-only anchor in (its Kafka engine reads from
   *     {@code bootstrap} as ClickHouse resolves it); null: no anchor
   */
  public StreamsThroughputBench(
      PrintStream out,
      String bootstrap,
      int events,
      int partitions,
      String guarantee,
      ClickHouseSettings anchor) {
    this.out = out;
    this.bootstrap = bootstrap;
    this.events = events;
    this.partitions = partitions;
    this.guarantee = guarantee;
    this.anchor = anchor;
  }

  /** Prints the figures; returns streams rate / raw consumer rate. */
  public double run() throws Exception {
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StreamsSettings settings = streamsSettings(prefix);
    ClickHouseAnchor clickhouse = anchor == null ? null : new ClickHouseAnchor(out, anchor);
    if (clickhouse != null) {
      clickhouse.check(); // before producing: a ClickHouse that does not answer fails fast
    }
    String jsonTopic = clickhouse == null ? null : prefix + "anchor.request-timings.json";
    createTopics(topics, jsonTopic);
    try {
      BenchEvents.produce(out, bootstrap, events, topics.requestTimings().name(), jsonTopic);
      ThroughputReport.Rate raw = rawConsumerRate(topics.requestTimings().name());
      ThroughputReport.Rate streams = streamsRate(topics, settings);
      CountSamples ch = null;
      if (clickhouse != null) {
        out.println("ClickHouse anchor: Kafka engine consuming " + jsonTopic + " ...");
        ch =
            clickhouse.run(bootstrap, jsonTopic, prefix + "clickhouse", events, settings.threads());
      }
      ThroughputReport report =
          new ThroughputReport(raw, streams, guarantee, ch, settings.threads());
      report.print(out);
      return report.vsRaw();
    } finally {
      deleteTopics(prefix);
      deleteTree(settings.stateDir());
    }
  }

  /** The run's RocksDB state: a few hundred MB per run that no later run reads. */
  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void createTopics(Topics topics, String jsonTopic) throws Exception {
    List<String> names = new ArrayList<>(topics.all().stream().map(TopicSpec::name).toList());
    if (jsonTopic != null) {
      names.add(jsonTopic);
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList())
          .all()
          .get(60, TimeUnit.SECONDS);
      awaitLeaders(admin, names);
    }
  }

  /**
   * Creating a topic returns before every partition has a leader. A first batch sent meanwhile
   * fails and is retried after later batches of the same idempotent producer were accepted; the
   * broker then refuses it for good (OutOfOrderSequenceException) and its events are lost.
   */
  private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      var described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      boolean ready =
          described.values().stream()
              .flatMap(d -> d.partitions().stream())
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark topics have no leader after 60 s: " + names);
      }
      Thread.sleep(100);
    }
  }

  private void deleteTopics(String prefix) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      var names =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(n -> n.startsWith(prefix))
              .toList();
      admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      out.println("(could not delete benchmark topics " + prefix + "*: " + e.getMessage() + ")");
    }
  }

  private ThroughputReport.Rate rawConsumerRate(String topic) {
    Map<String, Object> cfg = new HashMap<>();
    cfg.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    cfg.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
    cfg.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cfg.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    cfg.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
    cfg.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer =
        new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long n = 0;
      long t20 = 0;
      long cpu20 = 0;
      long n20 = 0;
      while (n < 0.9 * events) {
        n += consumer.poll(Duration.ofMillis(500)).count();
        if (n >= 0.2 * events && t20 == 0) {
          t20 = System.nanoTime();
          cpu20 = ProcessCpu.nanos();
          n20 = n;
        }
      }
      double measured = n - n20;
      return new ThroughputReport.Rate(
          measured / ((System.nanoTime() - t20) / 1e9),
          ProcessCpu.secondsPerMillion(cpu20, ProcessCpu.nanos(), measured));
    }
  }

  private StreamsSettings streamsSettings(String prefix) throws IOException {
    Path state = Files.createTempDirectory("r1lat-bench-streams");
    Map<String, String> flags = new HashMap<>();
    flags.put("kafka.bootstrap-servers", bootstrap);
    flags.put("streams.application-id", prefix + "app");
    flags.put("streams.state-dir", state.toString());
    flags.put("streams.processing-guarantee", guarantee);
    flags.put("streams.metrics-port", "0");
    return StreamsSettings.from(Settings.load(StreamsSettings.KEYS, null, System.getenv(), flags));
  }

  private ThroughputReport.Rate streamsRate(Topics topics, StreamsSettings s) throws Exception {
    try (StreamsApp app = StreamsApp.start(s, topics, line -> {})) {
      // steady state: from 20% to 90% of the events, so task start-up (transactions, RocksDB
      // opening, rebalancing) is not counted against the topology
      long t20 = 0;
      long cpu20 = 0;
      double seen20 = 0;
      double seen = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (seen < 0.9 * events && System.nanoTime() < deadline) {
        Thread.sleep(10);
        seen = app.metrics().count("r1lat_records_in_total");
        if (seen >= 0.2 * events && t20 == 0) {
          t20 = System.nanoTime();
          cpu20 = ProcessCpu.nanos();
          seen20 = seen;
        }
      }
      long t90 = System.nanoTime();
      long cpu90 = ProcessCpu.nanos();
      if (seen < 0.9 * events) {
        throw new IllegalStateException("streams processed only " + seen + " of " + events);
      }
      out.printf(
          "streams: dlq %.0f, late %.0f%n",
          app.metrics().count("r1lat_records_dlq_total"),
          app.metrics().count("r1lat_records_late_total"));
      double measured = seen - seen20;
      return new ThroughputReport.Rate(
          measured / ((t90 - t20) / 1e9), ProcessCpu.secondsPerMillion(cpu20, cpu90, measured));
    }
  }
}
