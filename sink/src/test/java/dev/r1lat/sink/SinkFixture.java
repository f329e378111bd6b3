package dev.r1lat.sink;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.stack.Endpoints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * For the sink ITs: a private topic set and database per test on the shared test stack, the real
 * sink on its own thread, and the queries and waits the tests check with.
 */
record SinkFixture(Endpoints endpoints, Topics topics, ItDatabase db, SinkSettings settings) {
  static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);

  static SinkFixture create(Endpoints endpoints) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
      admin
          .createTopics(
              topics.all().stream().map(t -> new NewTopic(t.name(), 3, (short) 1)).toList())
          .all()
          .get();
    }
    SinkSettings s =
        SinkSettings.defaults(endpoints.kafkaBootstrap(), prefix + "sink", prefix)
            .withBatching(2_000, Duration.ofMillis(300));
    return new SinkFixture(endpoints, topics, new ItDatabase(endpoints, "e2e"), s);
  }

  SinkRuntime sink(BatchWriter writer) {
    return SinkRuntime.start(settings, writer);
  }

  /** The production writer (insert timeout, partition limit) of these settings. */
  ClickHouseBatchWriter writer() {
    return SinkRuntime.writer(settings, db.settings);
  }

  void produceTimings(int from, int to) {
    try (var p = producer()) {
      for (int i = from; i < to; i++) {
        RequestTiming t = TestData.timing(i);
        p.send(
            new ProducerRecord<>(
                topics.requestTimings().name(), bytes(t.getRequestId()), TIMINGS.encode(t)));
      }
    }
  }

  KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", endpoints.kafkaBootstrap(), "acks", "all", "linger.ms", 5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  long rows(String table) {
    return db.count(db.db() + "." + table);
  }

  long distinctRequestIds() {
    return one("SELECT uniqExact(request_id) AS n FROM {db:Identifier}.request_timings");
  }

  /** Requests counted by the hourly volume rollup (a materialized view on request_timings). */
  long volumeRequests() {
    return one("SELECT sum(requests) AS n FROM {db:Identifier}.request_volume_1h");
  }

  private long one(String sql) {
    return ClickHouseCalls.query(db.client, sql, Map.of("db", db.db())).get(0).getLong("n");
  }

  /** Every record of the sink's dead-letter topic (at least {@code expected}, or 20 s). */
  List<ConsumerRecord<byte[], byte[]>> deadLetters(int expected) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (var c =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                endpoints.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(Set.of(settings.dlqTopic()));
      long deadline = System.currentTimeMillis() + 20_000;
      while (out.size() < expected && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(300)).forEach(out::add);
      }
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** Runs the sink loop on its own thread; {@link #stop} stops and joins it. */
  static Thread runInBackground(SinkRuntime runtime, AtomicReference<Throwable> died) {
    Thread t = new Thread(runtime.sink()::run, "sink");
    t.setUncaughtExceptionHandler((th, e) -> died.set(e));
    t.start();
    return t;
  }

  static void await(String what, Duration max, BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (!holds(done)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  /** A condition that cannot be evaluated yet (ClickHouse restarting) does not hold yet. */
  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static void stop(SinkRuntime runtime, Thread t) throws InterruptedException {
    runtime.sink().stop();
    t.join(30_000);
    runtime.close();
  }
}
