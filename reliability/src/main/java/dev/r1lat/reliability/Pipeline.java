package dev.r1lat.reliability;

import dev.r1lat.reliability.worker.SinkWorker;
import dev.r1lat.reliability.worker.StreamsWorker;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.stack.StackBootstrap;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * One scenario's private pipeline on the shared stack: its own topics ({@code Topics.withPrefix}),
 * its own ClickHouse database with the migrations applied, the streams app as worker JVMs, the sink
 * in this JVM or as a worker JVM, the collector of the streams app's outputs, and the producer.
 * Closing it stops everything it started.
 */
public final class Pipeline implements AutoCloseable {
  public static final int PARTITIONS = 3;

  private final ScenarioEnv env;
  private final String prefix;
  private final Topics topics;
  private final Warehouse warehouse;
  private final OutputCollector output;
  private final TrafficProducer producer;
  private final Map<String, String> streamsOverrides = new LinkedHashMap<>();
  private final Map<String, String> sinkOverrides = new LinkedHashMap<>();
  private final String sinkDlqTopic;
  private final List<ChildJvm> workers = new ArrayList<>();
  private SinkRuntime sink;
  private Thread sinkLoop;

  private Pipeline(ScenarioEnv env, String name) {
    this.env = env;
    String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24, 1 << 28));
    this.prefix = "rel-" + name + "-" + run + ".";
    this.topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(env.endpoints().kafkaBootstrap(), topics, PARTITIONS);
    this.sinkDlqTopic = sinkSettings().dlqTopic();
    createTopic(sinkDlqTopic, Map.of());
    this.warehouse =
        new Warehouse(
            env.endpoints().clickhouseHttpUrl(), "rel_" + name.replace('-', '_') + "_" + run);
    warehouse.migrate();
    this.output = new OutputCollector(env.endpoints().kafkaBootstrap(), topics, sinkDlqTopic);
    this.producer =
        new TrafficProducer(env.endpoints().kafkaBootstrap(), topics.requestTimings().name());
  }

  public static Pipeline create(ScenarioEnv env, String name) {
    return new Pipeline(env, name);
  }

  public String prefix() {
    return prefix;
  }

  public Topics topics() {
    return topics;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public OutputCollector output() {
    return output;
  }

  public TrafficProducer producer() {
    return producer;
  }

  /**
   * Makes the input topic take the producer's record timestamps ({@code CreateTime}) instead of the
   * broker's append time, so that the scenario plays the broker's clock: each record is stamped
   * with the time it is "sent" in the scenario's timeline, minutes in the past. The streams app and
   * the sink read the record timestamp the same way whichever type the topic has; this lets a
   * scenario about producer clocks run minutes of traffic in seconds. Call before publishing.
   */
  public Pipeline brokerClockInThePast() {
    try (Admin admin = admin()) {
      ConfigResource topic =
          new ConfigResource(ConfigResource.Type.TOPIC, topics.requestTimings().name());
      AlterConfigOp op =
          new AlterConfigOp(
              new ConfigEntry("message.timestamp.type", "CreateTime"), AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot switch the input topic to CreateTime", e);
    }
    return this;
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.endpoints().kafkaBootstrap()));
  }

  private void createTopic(String name, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /** Extra sink settings (by key name) for every sink started afterwards. */
  public Pipeline sinkSetting(String key, String value) {
    sinkOverrides.put(key, value);
    return this;
  }

  /**
   * Serves the streams app's Prometheus metrics on a free port (one instance only) and returns the
   * port.
   */
  public int streamsMetricsPort() {
    int port = PrivateStack.freePort();
    streamsSetting("streams.metrics-port", Integer.toString(port));
    return port;
  }

  /** Extra streams settings for every instance started afterwards (e.g. a longer grace). */
  public Pipeline streamsSetting(String key, String value) {
    streamsOverrides.put(key, value);
    return this;
  }

  /**
   * Settings of a streams instance: windows close by event time; a partition idle for 3 s advances
   * with the wall clock (so the last window closes soon after the traffic ends); grace 5 s unless
   * overridden; one stream thread per instance.
   */
  private List<String> streamsArgs(String instance) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("kafka.bootstrap-servers", env.endpoints().kafkaBootstrap());
    s.put("topics.prefix", prefix);
    s.put("streams.application-id", prefix + "streams");
    s.put("streams.state-dir", env.workDir().resolve(prefix + instance).toString());
    s.put("streams.idle-advance", "3s");
    s.put("streams.grace", "5s");
    s.put("streams.threads", "1");
    s.put("streams.metrics-port", "0");
    s.put("streams.rocksdb-cache-mb", "16");
    // a SIGKILLed member holds its partitions until its session expires (45 s by default): the
    // scenarios measure recovery with a 10 s session, a setting operators can choose as well
    s.put("kafka.session.timeout.ms", "10000");
    s.put("kafka.heartbeat.interval.ms", "2000");
    s.putAll(streamsOverrides);
    List<String> args = new ArrayList<>();
    s.forEach((k, v) -> args.add(k + "=" + v));
    return args;
  }

  /** Starts a streams instance as its own JVM; the same instance name reuses its state folder. */
  public ChildJvm startStreams(String instance) throws IOException {
    ChildJvm w =
        ChildJvm.start(
            "streams-" + instance, StreamsWorker.class, streamsArgs(instance), log(instance));
    workers.add(w);
    env.log().accept("streams instance " + instance + " started (pid " + w.pid() + ")");
    return w;
  }

  private SinkSettings sinkSettings() {
    Map<String, String> s = new LinkedHashMap<>(sinkOverrides);
    s.put(SinkSettings.GROUP_ID.name(), prefix + "sink");
    s.put(SinkSettings.TOPIC_PREFIX.name(), prefix);
    return SinkSettings.of(env.endpoints().kafkaBootstrap(), s)
        .withBatching(2_000, Duration.ofMillis(300));
  }

  /** The sink in this JVM (when the scenario is not about killing the sink). */
  public SinkRuntime startSinkInProcess() {
    return startSinkInProcess(warehouse.settings().url());
  }

  /** The sink in this JVM, reaching ClickHouse at {@code clickhouseUrl} (e.g. through a proxy). */
  public SinkRuntime startSinkInProcess(String clickhouseUrl) {
    ClickHouseSettings ch = warehouse.settings();
    sink =
        SinkRuntime.start(
            sinkSettings(),
            new ClickHouseSettings(clickhouseUrl, ch.user(), ch.password(), ch.database()));
    sinkLoop = new Thread(sink.sink()::run, "reliability-sink");
    sinkLoop.setDaemon(true);
    sinkLoop.start();
    return sink;
  }

  /** Whether the in-process sink's loop still runs. */
  public boolean sinkAlive() {
    return sinkLoop != null && sinkLoop.isAlive();
  }

  public dev.r1lat.sink.SinkMetrics sinkMetrics() {
    return sink.sink().metrics();
  }

  /** The sink as its own JVM; {@code pauseAfterInsert} > 0 freezes it after that many inserts. */
  public ChildJvm startSinkWorker(String instance, int pauseAfterInsert, int batchRows)
      throws IOException {
    SinkSettings s = sinkSettings();
    List<String> args = new ArrayList<>();
    if (pauseAfterInsert > 0) {
      args.add("--pause-after-insert");
      args.add(Integer.toString(pauseAfterInsert));
    }
    args.add("kafka.bootstrap-servers=" + s.bootstrapServers());
    args.add("sink.group-id=" + s.groupId());
    args.add("sink.topic-prefix=" + prefix);
    args.add("sink.batch.max-rows=" + batchRows);
    args.add("sink.batch.max-delay=300ms");
    // as for the streams instances: the restarted sink waits for the killed member's session
    args.add("kafka.session.timeout.ms=10000");
    args.add("kafka.heartbeat.interval.ms=2000");
    sinkOverrides.forEach((k, v) -> args.add(k + "=" + v));
    args.add("clickhouse.url=" + warehouse.settings().url());
    args.add("clickhouse.database=" + warehouse.settings().database());
    ChildJvm w =
        ChildJvm.start("sink-" + instance, SinkWorker.class, args, log("sink-" + instance));
    workers.add(w);
    env.log().accept("sink worker " + instance + " started (pid " + w.pid() + ")");
    return w;
  }

  public String sinkGroup() {
    return prefix + "sink";
  }

  private Path log(String instance) {
    return env.workDir().resolve("logs").resolve(prefix + instance + ".log");
  }

  @Override
  public void close() throws Exception {
    producer.close();
    for (ChildJvm w : workers) {
      w.close();
    }
    if (sink != null) {
      sink.sink().stop();
      sinkLoop.join(30_000);
      sink.close();
    }
    output.close();
    warehouse.close();
  }
}
