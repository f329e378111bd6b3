package dev.r1lat.bench.ingest;

import dev.r1lat.ingest.publisher.PublisherConfig;
import dev.r1lat.ingest.publisher.PublisherMetrics;
import dev.r1lat.ingest.publisher.TimingPublisher;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Caller-thread cost of publishing one request timing: {@link TimingPublisher#record} beside a bare
 * {@link KafkaProducer#send} (same producer settings, serialization on the caller thread), both
 * against a real broker. Sample-time mode, so the result carries the median and p99 per call. Calls
 * are paced (CPU spin between invocations, outside the measurement) so the broker keeps up and the
 * publisher measures its normal path, not its drop path; drops are reported at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PublisherBenchmark {
  @Param("127.0.0.1:19092")
  public String bootstrap;

  @Param("r1lat-bench.request-timings")
  public String topic;

  /** Blackhole.consumeCPU tokens between two calls: about 10-20 µs, i.e. 50-100k calls/s. */
  @Param("4000")
  public long pacingTokens;

  private RequestTiming[] events;
  private int next;
  private TimingPublisher publisher;
  private Producer<String, RequestTiming> producer;

  @Setup(Level.Trial)
  public void setUp() {
    events =
        FleetSimulator.stream(SimulatorConfig.builder().seed(5).rate(100).build())
            .limit(8_192)
            .toArray(RequestTiming[]::new);
    PublisherConfig config =
        PublisherConfig.defaults(bootstrap, topic)
            .withQueueCapacity(65_536)
            .withClientId("r1lat-bench-publisher");
    publisher = TimingPublisher.create(config);
    Map<String, Object> props = config.withClientId("r1lat-bench-bare").producerProperties();
    producer =
        new KafkaProducer<>(
            props, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
  }

  @Setup(Level.Invocation)
  public void pace() {
    Blackhole.consumeCPU(pacingTokens);
  }

  private RequestTiming nextEvent() {
    RequestTiming t = events[next];
    next = (next + 1) & (events.length - 1);
    return t;
  }

  @Benchmark
  public boolean publisherRecord() {
    return publisher.record(nextEvent());
  }

  @Benchmark
  public Future<RecordMetadata> kafkaProducerSend() {
    RequestTiming t = nextEvent();
    return producer.send(new ProducerRecord<>(topic, t.getRequestId(), t));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    publisher.close();
    producer.close(Duration.ofSeconds(10));
    PublisherMetrics m = publisher.metrics();
    if (m.accepted() > 0 || m.dropped() > 0) {
      System.out.printf(
          "%n[publisher] accepted %d, sent %d, dropped %d, failed %d%n",
          m.accepted(), m.sent(), m.dropped(), m.failed());
    }
  }
}
