package dev.r1lat.bench.streams;

import dev.r1lat.bench.ProcessCpu;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TopicSpec;
import dev.r1lat.schema.Topics;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Events per second the topology sustains with exactly-once on, beside the rate of a bare
 * KafkaConsumer reading the same topic on the same broker in the same run. Both read the same N
 * pre-produced events from the beginning; the streams rate is measured from its first processed
 * record to its N-th, so start-up and rebalancing are left out.
 */
public final class StreamsThroughputBench {
  private final PrintStream out;
  private final String bootstrap;
  private final int events;
  private final int partitions;
  private final String guarantee;

  public StreamsThroughputBench(
      PrintStream out, String bootstrap, int events, int partitions, String guarantee) {
    this.out = out;
    this.bootstrap = bootstrap;
    this.events = events;
    this.partitions = partitions;
    this.guarantee = guarantee;
  }

  /** Returns streams rate / raw consumer rate. */
  public double run() throws Exception {
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    createTopics(topics);
    try {
      produce(topics.requestTimings());
      Rate raw = rawConsumerRate(topics.requestTimings().name());
      Rate streams = streamsRate(topics, prefix);
      double ratio = streams.perSecond() / raw.perSecond();
      out.printf(
          "%nraw KafkaConsumer (bytes, no processing): %,12.0f events/s  %6.2f CPU-s per M events%n",
          raw.perSecond(), raw.cpuSecondsPerMillion());
      out.printf(
          "r1lat topology (%s):        %,12.0f events/s  %6.2f CPU-s per M events%n",
          guarantee, streams.perSecond(), streams.cpuSecondsPerMillion());
      out.printf("ratio: %.2f x raw (target >= 0.3)%n", ratio);
      out.println(
          "(CPU: this JVM's process CPU time over the measured 20%-90% of the events, all threads;"
              + " the broker's is not included)");
      return ratio;
    } finally {
      deleteTopics(prefix);
    }
  }

  private void createTopics(Topics topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(
              topics.all().stream()
                  .map(t -> new NewTopic(t.name(), partitions, (short) 1))
                  .toList())
          .all()
          .get(60, TimeUnit.SECONDS);
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

  /** N events over simulated time: 3 regions x 4 tiers, heavy-tailed timings, ~2,000/s. */
  private void produce(TopicSpec<String, RequestTiming> topic) {
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    SplittableRandom rnd = new SplittableRandom(42);
    String[] regions = {"eu-west", "us-east", "ap-south"};
    String[] tiers = {"H200", "H100", "A100", "L40S"};
    long t0 = System.currentTimeMillis() - events / 2; // ~2,000 events per simulated second
    Map<String, Object> cfg =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.ACKS_CONFIG,
            "all");
    long start = System.nanoTime();
    try (var producer =
        new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < events; i++) {
        long t = t0 + i / 2;
        RequestTiming timing =
            timing(rnd, "b-" + i, t, regions[rnd.nextInt(3)], tiers[rnd.nextInt(4)]);
        producer.send(
            new ProducerRecord<>(
                topic.name(), null, t, timing.getRequestId().getBytes(), codec.encode(timing)));
        if (i > 0 && i % 500_000 == 0) {
          out.printf("  produced %,d events%n", i);
        }
      }
    }
    out.printf(
        "produced %,d events to %s (%d partitions) in %.1f s%n",
        events, topic.name(), partitions, (System.nanoTime() - start) / 1e9);
  }

  private static RequestTiming timing(
      SplittableRandom r, String id, long t, String region, String tier) {
    double queue = LatencyModels.lognormal(r, Math.log(40), 1.0);
    double prefill = LatencyModels.lognormal(r, Math.log(300), 0.5);
    int reasoning = (int) LatencyModels.lognormal(r, Math.log(900), 0.9);
    int answer = 50 + r.nextInt(400);
    double decode = (reasoning + answer) * LatencyModels.lognormal(r, Math.log(25), 0.2);
    double ttft = 20 + queue + 5 + prefill;
    return RequestTiming.newBuilder()
        .setRequestId(id)
        .setEventTimeMs(t)
        .setRegion(region)
        .setTier(tier)
        .setModel("deepseek-r1")
        .setStatus(RequestStatus.OK)
        .setNetworkInMs(20.0)
        .setQueueMs(queue)
        .setPreprocessMs(5.0)
        .setPrefillMs(prefill)
        .setTtftMs(ttft)
        .setTtfoMs(ttft + decode * reasoning / (reasoning + answer))
        .setDecodeMs(decode)
        .setMaxInterTokenGapMs(60.0)
        .setPostprocessMs(3.0)
        .setNetworkOutMs(20.0)
        .setReasoningTokens(reasoning)
        .setAnswerTokens(answer)
        .setPromptTokens(800)
        .setE2eMs(ttft + decode + 23)
        .build();
  }

  /** Events per second and this process's CPU-seconds per million events, same interval. */
  record Rate(double perSecond, double cpuSecondsPerMillion) {}

  private Rate rawConsumerRate(String topic) {
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
      return new Rate(
          measured / ((System.nanoTime() - t20) / 1e9),
          ProcessCpu.secondsPerMillion(cpu20, ProcessCpu.nanos(), measured));
    }
  }

  private Rate streamsRate(Topics topics, String prefix) throws Exception {
    Path state = Files.createTempDirectory("r1lat-bench-streams");
    Map<String, String> flags = new HashMap<>();
    flags.put("kafka.bootstrap-servers", bootstrap);
    flags.put("streams.application-id", prefix + "app");
    flags.put("streams.state-dir", state.toString());
    flags.put("streams.processing-guarantee", guarantee);
    flags.put("streams.metrics-port", "0");
    StreamsSettings s =
        StreamsSettings.from(Settings.load(StreamsSettings.KEYS, null, System.getenv(), flags));
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
      return new Rate(
          measured / ((t90 - t20) / 1e9), ProcessCpu.secondsPerMillion(cpu20, cpu90, measured));
    }
  }
}
