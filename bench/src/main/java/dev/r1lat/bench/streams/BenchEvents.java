package dev.r1lat.bench.streams;

import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The streams benchmark's N events: 3 regions x 4 tiers, heavy-tailed timings, ~2,000 per simulated
 * second, from a fixed seed. Written to the Avro topic in the pipeline's wire format (single-object
 * encoding) and, when a JSON topic is given, each event a second time as one JSON object (the
 * gateway's JSON, Avro field names) for readers without the Avro schema (ClickHouse's Kafka
 * engine). Both copies carry the same key and timestamp, so with equal partition counts every event
 * lands in the same partition of both topics.
 */
final class BenchEvents {
  private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
  private static final String[] TIERS = {"H200", "H100", "A100", "L40S"};

  private BenchEvents() {}

  /** Produces {@code events} to {@code avroTopic} and, if not null, to {@code jsonTopic}. */
  static void produce(
      PrintStream out, String bootstrap, int events, String avroTopic, String jsonTopic) {
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    SplittableRandom rnd = new SplittableRandom(42);
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
    SendFailures failures = new SendFailures();
    try (var producer =
        new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
      Primer primer = new Primer(producer, failures, avroTopic, jsonTopic);
      for (int i = 0; i < events; i++) {
        long t = t0 + i / 2;
        RequestTiming timing =
            timing(rnd, "b-" + i, t, REGIONS[rnd.nextInt(3)], TIERS[rnd.nextInt(4)]);
        byte[] key = timing.getRequestId().getBytes(StandardCharsets.UTF_8);
        primer.send(new ProducerRecord<>(avroTopic, null, t, key, codec.encode(timing)));
        if (jsonTopic != null) {
          byte[] json = TimingJson.toJson(timing).getBytes(StandardCharsets.UTF_8);
          primer.send(new ProducerRecord<>(jsonTopic, null, t, key, json));
        }
        if (i > 0 && i % 500_000 == 0) {
          out.printf("  produced %,d events%n", i);
        }
      }
    }
    failures.check();
    out.printf(
        "produced %,d events to %s%s in %.1f s%n",
        events,
        avroTopic,
        jsonTopic == null ? "" : " (Avro) and to " + jsonTopic + " (JSON, same keys)",
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * Sends synchronously until each partition of the topics has acknowledged one batch of this
   * producer, then asynchronously. On fresh topics a pipelined first batch was seen to fail and be
   * retried behind later ones, which the broker then refuses for good (out of order sequence) or
   * which expire; once a partition knows the producer, that no longer happens.
   */
  static final class Primer {
    private final KafkaProducer<byte[], byte[]> producer;
    private final SendFailures failures;
    private final Set<String> primed = new HashSet<>();
    private final int partitions;

    Primer(
        KafkaProducer<byte[], byte[]> producer,
        SendFailures failures,
        String avroTopic,
        String jsonTopic) {
      this.producer = producer;
      this.failures = failures;
      int n = producer.partitionsFor(avroTopic).size();
      this.partitions = jsonTopic == null ? n : n + producer.partitionsFor(jsonTopic).size();
    }

    void send(ProducerRecord<byte[], byte[]> record) {
      if (primed.size() == partitions) {
        producer.send(record, failures);
        return;
      }
      try {
        RecordMetadata m = producer.send(record, failures).get(2, TimeUnit.MINUTES);
        primed.add(m.topic() + "-" + m.partition());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while producing", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("could not produce to " + record.topic(), e);
      }
    }
  }

  /**
   * Every send's outcome: the bench compares counts with N, so a batch the producer gave up on must
   * fail the run with its reason instead of leaving a consumer waiting for it.
   */
  static final class SendFailures implements Callback {
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
      if (e != null) {
        failed.incrementAndGet();
        first.compareAndSet(null, e);
      }
    }

    void check() {
      if (failed.get() > 0) {
        throw new IllegalStateException(
            failed.get() + " events could not be produced; first: " + first.get(), first.get());
      }
    }
  }

  static RequestTiming timing(SplittableRandom r, String id, long t, String region, String tier) {
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
}
