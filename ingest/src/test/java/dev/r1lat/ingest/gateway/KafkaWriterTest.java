package dev.r1lat.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaWriterTest {
  static List<RequestTiming> events(int n) throws Exception {
    return IngestGatewayTest.events(n).stream()
        .map(
            j -> {
              try {
                return TimingJson.fromJson(TimingJson.mapper().readTree(j)).timing();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  static MockProducer<String, RequestTiming> mock(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
  }

  @Test
  void shouldDeriveEveryProducerTimeoutFromTheGatewayTimeoutAndBeAValidProducerConfig() {
    Map<String, Object> base =
        KafkaProducerConfigs.reliable(
            "127.0.0.1:1",
            "t",
            Duration.ofMillis(5),
            65_536,
            "lz4",
            Map.of("max.block.ms", "60000", "request.timeout.ms", "30000"));
    Map<String, Object> props = KafkaWriter.producerProps(base, Duration.ofSeconds(2));
    assertThat(props)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000L)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000)
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_995);
    // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms at construction
    new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()).close();
    new KafkaProducer<>(
            KafkaWriter.producerProps(base, Duration.ofMillis(3)),
            new StringSerializer(),
            new StringSerializer())
        .close();
  }

  @Test
  void shouldCountOnlyAcknowledgedEventsAsAccepted() throws Exception {
    MockProducer<String, RequestTiming> producer = mock(false);
    KafkaWriter writer = new KafkaWriter(producer, "t");
    Thread acks =
        new Thread(
            () -> {
              while (producer.history().size() < 3) {
                Thread.onSpinWait();
              }
              producer.completeNext();
              producer.errorNext(new RuntimeException("not leader"));
              producer.completeNext();
            });
    acks.start();
    KafkaWriter.Written w = writer.write(events(3), Deadline.in(Duration.ofSeconds(5)));
    acks.join();
    assertThat(w.acked()).isEqualTo(2);
    assertThat(w.failed()).isEqualTo(1);
    assertThat(w.error()).contains("not leader");
  }

  @Test
  void shouldStopWaitingAtTheDeadlineAndNeverSendAfterIt() throws Exception {
    MockProducer<String, RequestTiming> silent = mock(false);
    List<RequestTiming> two = events(2);
    long start = System.nanoTime();
    KafkaWriter.Written w =
        new KafkaWriter(silent, "t").write(two, Deadline.in(Duration.ofMillis(200)));
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 1_000L);
    assertThat(w.acked()).isZero();
    assertThat(w.failed()).isEqualTo(2);

    MockProducer<String, RequestTiming> slowSend =
        new MockProducer<>(
            true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, RequestTiming> r, Callback cb) {
            try {
              Thread.sleep(150); // a metadata wait
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.send(r, cb);
          }
        };
    List<RequestTiming> ten = events(10);
    KafkaWriter.Written partial =
        new KafkaWriter(slowSend, "t").write(ten, Deadline.in(Duration.ofMillis(400)));
    assertThat(slowSend.history().size()).isLessThan(10);
    assertThat(partial.acked()).isEqualTo(slowSend.history().size());
    assertThat(partial.failed()).isEqualTo(10 - partial.acked());
    assertThat(partial.ok()).isFalse();
  }
}
