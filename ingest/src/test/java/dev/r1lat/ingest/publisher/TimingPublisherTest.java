package dev.r1lat.ingest.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TimingPublisherTest {
  static List<RequestTiming> events(int n) {
    return FleetSimulator.stream(SimulatorConfig.builder().rate(100).build()).limit(n).toList();
  }

  static MockProducer<String, RequestTiming> mock(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
  }

  @Test
  void sendsEveryRecordKeyedByRequestIdAndCountsThem() throws Exception {
    MockProducer<String, RequestTiming> producer = mock(true);
    List<RequestTiming> events = events(1_000);
    try (TimingPublisher p = new TimingPublisher(producer, "t", 10_000, Duration.ofSeconds(5))) {
      events.forEach(e -> assertThat(p.record(e)).isTrue());
      p.flush(Duration.ofSeconds(10));
      assertThat(p.metrics()).isEqualTo(new PublisherMetrics(1_000, 1_000, 0, 0, 0));
    }
    assertThat(producer.history()).extracting(ProducerRecord::value).isEqualTo(events);
    assertThat(producer.history())
        .allMatch(r -> r.key().equals(r.value().getRequestId()) && r.topic().equals("t"));
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFullWithoutBlockingTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MockProducer<String, RequestTiming> producer =
        new MockProducer<>(
            true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, RequestTiming> r, Callback cb) {
            try {
              release.await(); // Kafka is stuck: the sender thread blocks here
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.send(r, cb);
          }
        };
    List<RequestTiming> events = events(200);
    TimingPublisher p = new TimingPublisher(producer, "t", 10, Duration.ofSeconds(5));
    Thread.sleep(20);
    long t0 = System.nanoTime();
    int accepted = 0;
    for (RequestTiming e : events) {
      accepted += p.record(e) ? 1 : 0;
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(elapsedMs).as("record() never waits for Kafka").isLessThan(200);
    // the queue (10) plus at most what the sender took before it blocked (one drained batch)
    assertThat(accepted).isBetween(10, 20);
    PublisherMetrics m = p.metrics();
    assertThat(m.dropped()).isEqualTo(200 - accepted);
    assertThat(m.accepted()).isEqualTo(accepted);
    release.countDown();
    p.close();
    PublisherMetrics end = p.metrics();
    assertThat(end.sent()).isEqualTo(accepted);
    assertThat(end.failed()).isZero();
    assertThat(p.record(events.get(0))).as("closed publisher drops").isFalse();
    assertThat(p.metrics().dropped()).isEqualTo(200 - accepted + 1);
  }

  @Test
  void countsKafkaFailures() throws Exception {
    MockProducer<String, RequestTiming> producer = mock(false);
    try (TimingPublisher p = new TimingPublisher(producer, "t", 100, Duration.ofSeconds(5))) {
      events(5).forEach(p::record);
      while (producer.history().size() < 5) {
        Thread.sleep(1);
      }
      producer.errorNext(new RuntimeException("broker says no"));
      producer.errorNext(new RuntimeException("broker says no"));
      producer.completeNext();
      producer.completeNext();
      producer.completeNext();
      assertThat(p.metrics().failed()).isEqualTo(2);
      assertThat(p.metrics().sent()).isEqualTo(3);
      assertThat(p.lastError()).hasMessage("broker says no");
    }
  }

  @Test
  void exposesMicrometerCounters() {
    MockProducer<String, RequestTiming> producer = mock(true);
    try (TimingPublisher p = new TimingPublisher(producer, "t", 100, Duration.ofSeconds(5))) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new PublisherMeterBinder(p).bindTo(registry);
      events(3).forEach(p::record);
      p.record(null);
      assertThat(
              registry
                  .get("r1lat.publisher.events")
                  .tag("outcome", "accepted")
                  .functionCounter()
                  .count())
          .isEqualTo(3);
      assertThat(
              registry
                  .get("r1lat.publisher.events")
                  .tag("outcome", "dropped")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(registry.get("r1lat.publisher.queued").gauge().value()).isBetween(0.0, 3.0);
    }
  }

  @Test
  void configComesFromSettingsWithKafkaOverrides() {
    var settings =
        dev.r1lat.config.Settings.load(
            dev.r1lat.ingest.IngestSettings.KEYS,
            null,
            java.util.Map.of(),
            java.util.Map.of(
                "kafka.bootstrap-servers", "b:9092",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.compression.type", "zstd",
                "publisher.queue-capacity", "77"));
    PublisherConfig c = PublisherConfig.fromSettings(settings);
    assertThat(c.queueCapacity()).isEqualTo(77);
    var props = c.producerProperties();
    assertThat(props)
        .containsEntry("bootstrap.servers", "b:9092")
        .containsEntry("enable.idempotence", true)
        .containsEntry("acks", "all")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("compression.type", "zstd")
        .containsEntry("linger.ms", 20)
        .doesNotContainKey("bootstrap-servers");
  }
}
