package dev.r1lat.bench.sink;

import com.clickhouse.client.api.Client;
import dev.r1lat.bench.ProcessCpu;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw events per second into ClickHouse through the sink, beside ClickHouse's own INSERT ... SELECT
 * FROM numbers() into the same table in the same run. The sink's clock runs from the first record
 * it consumes (group join excluded, it is a fixed start-up cost) to the last row written.
 */
public final class SinkBenchmark {
  private final String bootstrap;
  private final ClickHouseSettings clickhouse;
  private final Config config;
  private final Consumer<String> progress;

  public record Config(
      int rows,
      int partitions,
      int batchRows,
      Duration maxDelay,
      int writerThreads,
      boolean keep) {}

  public record Result(
      String database,
      long rows,
      double sinkSeconds,
      double baselineSeconds,
      double produceSeconds,
      long batches,
      double sinkCpuSeconds) {
    public double sinkRowsPerSecond() {
      return rows / sinkSeconds;
    }

    /** The sink's CPU (this JVM, from its start to its last row) per million rows. */
    public double sinkCpuSecondsPerMillion() {
      return sinkCpuSeconds / (rows / 1e6);
    }

    public double baselineRowsPerSecond() {
      return rows / baselineSeconds;
    }
  }

  public SinkBenchmark(
      String bootstrap, ClickHouseSettings clickhouse, Config config, Consumer<String> progress) {
    this.bootstrap = bootstrap;
    this.clickhouse = clickhouse;
    this.config = config;
    this.progress = progress;
  }

  public Result run() throws Exception {
    long stamp = System.currentTimeMillis() / 1000;
    String db = "bench_" + stamp;
    String prefix = "bench" + stamp + ".";
    Topics topics = Topics.withPrefix(prefix);
    ClickHouseSettings ch = clickhouse.withDatabase(db);
    try (Client admin = clickhouse.withDatabase("default").client()) {
      SchemaOptions schema = new SchemaOptions(db, false, "r1lat", 30, 90, 400, 10_000, "off");
      new Migrator(admin, schema, l -> {}).migrate(Migrations.bundled());
      createTopics(topics);
      double produce = produce(topics.requestTimings().name());
      double sink = drainThroughSink(prefix, ch);
      long batches = lastBatches;
      long landed = count(admin, db);
      if (landed != config.rows()) {
        throw new IllegalStateException(
            "the sink wrote " + landed + " rows, expected " + config.rows());
      }
      double baseline = baseline(admin, db);
      if (!config.keep()) {
        ClickHouseCalls.execute(admin, "DROP DATABASE IF EXISTS " + db, Map.of(), "default");
        deleteTopics(topics);
      }
      return new Result(db, config.rows(), sink, baseline, produce, batches, lastCpuSeconds);
    }
  }

  private long lastBatches;
  private double lastCpuSeconds;

  private void createTopics(Topics topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(
              topics.all().stream()
                  .map(t -> new NewTopic(t.name(), config.partitions(), (short) 1))
                  .toList())
          .all()
          .get();
    }
  }

  private void deleteTopics(Topics topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.deleteTopics(topics.all().stream().map(t -> t.name()).toList()).all().get();
    }
  }

  private double produce(String topic) {
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    long t0 = System.nanoTime();
    long base = firstEventTimeMs(config.rows());
    Random r = new Random(42);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                bootstrap,
                "acks",
                "1",
                "linger.ms",
                20,
                "batch.size",
                512 * 1024,
                "buffer.memory",
                128L * 1024 * 1024),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < config.rows(); i++) {
        RequestTiming t = timing(i, base, r);
        byte[] key = t.getRequestId().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, codec.encode(t)));
        if ((i + 1) % Math.max(1, config.rows() / 5) == 0) {
          progress.accept(String.format("produced %,d / %,d", i + 1, config.rows()));
        }
      }
      producer.flush();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Events are 10 ms apart and the last one is 6 h old: however many rows, none is stamped after
   * now (the rules would reject it as a future event time and the bench would wait forever).
   */
  static long firstEventTimeMs(long rows) {
    return System.currentTimeMillis() - Duration.ofHours(6).toMillis() - rows * 10L;
  }

  private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
  private static final String[] TIERS = {"H100", "H200", "A100", "L40S"};

  static RequestTiming timing(int i, long base, Random r) {
    return RequestTiming.newBuilder()
        .setRequestId("bench-" + i)
        .setEventTimeMs(base + i * 10L)
        .setRegion(REGIONS[i % 3])
        .setTier(TIERS[i % 4])
        .setModel("deepseek-r1")
        .setQuantization("fp8")
        .setServerId("srv-" + (i % 64))
        .setStatus(i % 50 == 0 ? RequestStatus.ERROR : RequestStatus.OK)
        .setPromptTokens(500 + r.nextInt(500))
        .setCachedPromptTokens(r.nextInt(200))
        .setReasoningTokens(200 + r.nextInt(800))
        .setAnswerTokens(100 + r.nextInt(300))
        .setBatchSize(8)
        .setNetworkInMs(1.5)
        .setQueueMs(20 + r.nextDouble() * 30)
        .setPreprocessMs(2.0)
        .setPrefillMs(100 + r.nextDouble() * 50)
        .setTtftMs(300 + r.nextDouble() * 400)
        .setTtfoMs(900 + r.nextDouble() * 500)
        .setDecodeMs(2_000 + r.nextDouble() * 5_000)
        .setMaxInterTokenGapMs(80.0)
        .setPostprocessMs(1.0)
        .setNetworkOutMs(1.5)
        .setE2eMs(4_000 + r.nextDouble() * 8_000)
        .build();
  }

  private double drainThroughSink(String prefix, ClickHouseSettings ch) throws Exception {
    SinkSettings s =
        SinkSettings.defaults(bootstrap, prefix + "sink", prefix)
            .withBatching(config.batchRows(), config.maxDelay())
            .withWriterThreads(config.writerThreads());
    long cpu0 = ProcessCpu.nanos();
    try (SinkRuntime runtime = SinkRuntime.start(s, ch)) {
      Thread t = new Thread(runtime.sink()::run, "bench-sink");
      t.start();
      var metrics = runtime.sink().metrics();
      long lastReport = System.nanoTime();
      while (metrics.rows(SinkTables.REQUEST_TIMINGS_TABLE) < config.rows() && t.isAlive()) {
        Thread.sleep(5);
        if (System.nanoTime() - lastReport > 2e9) {
          progress.accept(String.format("sink wrote %,d rows", metrics.totalRows()));
          lastReport = System.nanoTime();
        }
      }
      long end = System.nanoTime();
      lastCpuSeconds = (ProcessCpu.nanos() - cpu0) / 1e9;
      runtime.sink().stop();
      t.join(60_000);
      lastBatches = metrics.batches();
      progress.accept("sink time: " + metrics.timeBreakdown());
      return (end - metrics.firstRecordNanos()) / 1e9;
    }
  }

  /** Same table, same columns, values of the same shapes, generated inside ClickHouse. */
  static final String BASELINE_INSERT =
      "INSERT INTO request_timings SELECT"
          + " concat('base-', toString(number)),"
          + " fromUnixTimestamp64Milli(toInt64({t0:Int64} + number * 10)),"
          + " ['eu-west', 'us-east', 'ap-south'][number % 3 + 1],"
          + " ['H100', 'H200', 'A100', 'L40S'][number % 4 + 1],"
          + " 'deepseek-r1', 'fp8', concat('srv-', toString(number % 64)), true,"
          + " if(number % 50 = 0, 'ERROR', 'OK'), NULL,"
          + " toUInt32(500 + rand(1) % 500), toUInt32(rand(2) % 200), toUInt32(200 + rand(3) % 800),"
          + " toUInt32(100 + rand(4) % 300), NULL, toUInt32(8),"
          + " 1.5, 20 + randCanonical(5) * 30, 2.0, 100 + randCanonical(6) * 50,"
          + " 300 + randCanonical(7) * 400, 900 + randCanonical(8) * 500,"
          + " 2000 + randCanonical(9) * 5000, 80.0, 1.0, 1.5, 4000 + randCanonical(10) * 8000"
          + " FROM numbers({n:UInt64})";

  private double baseline(Client admin, String db) {
    long t0 = firstEventTimeMs(config.rows());
    long start = System.nanoTime();
    ClickHouseCalls.execute(admin, BASELINE_INSERT, Map.of("t0", t0, "n", config.rows()), db);
    return (System.nanoTime() - start) / 1e9;
  }

  private static long count(Client admin, String db) {
    return ClickHouseCalls.query(
            admin, "SELECT count() AS n FROM {db:Identifier}.request_timings", Map.of("db", db))
        .get(0)
        .getLong("n");
  }
}
