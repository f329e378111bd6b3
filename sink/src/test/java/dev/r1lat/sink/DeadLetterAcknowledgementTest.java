package dev.r1lat.sink;

import static dev.r1lat.sink.SinkHarness.committed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.InMemoryBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A dead letter is data: the offsets covering it are committed only after the broker acknowledged
 * it. The producer here is a fake whose acknowledgements fail or wait, as a real one's do when the
 * DLQ's leader is away (its flush() returns all the same: that was the hole).
 */
class DeadLetterAcknowledgementTest {
  private static final String TOPIC = "r1.request-timings";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final Map<String, SinkTable<?>> TABLES = Map.of(TOPIC, SinkTables.REQUEST_TIMINGS);

  /** Acknowledges nothing by itself: the test fails or completes each send (like a broker). */
  private static final class SlowBroker extends MockProducer<byte[], byte[]> {
    final AtomicInteger sends = new AtomicInteger();

    SlowBroker() {
      super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized java.util.concurrent.Future<RecordMetadata> send(
        ProducerRecord<byte[], byte[]> record, Callback callback) {
      sends.incrementAndGet();
      return super.send(record, callback);
    }

    /** A real producer's flush waits for the sends and returns even when they failed. */
    @Override
    public synchronized void flush() {
      while (errorNext(new TimeoutException("DLQ leader unavailable"))) {
        // every pending send fails
      }
    }
  }

  private final InMemoryBatchWriter store = new InMemoryBatchWriter();

  private static void addRecords(MockConsumer<byte[], byte[]> consumer) {
    for (int i = 0; i < 10; i++) {
      byte[] v =
          i == 4 ? "not avro".getBytes(StandardCharsets.UTF_8) : CODEC.encode(TestData.timing(i));
      consumer.addRecord(SinkHarness.record(TP, i, TestData.T0 + 1_000, v));
    }
  }

  @Test
  void shouldNotCommitPastADeadLetterUntilItIsAcknowledgedAndResendAFailedOne() throws Exception {
    SlowBroker broker = new SlowBroker();
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), TP);
    KafkaSink sink =
        SinkHarness.sink(
            consumer,
            TABLES,
            store,
            DeadLetters.kafka(broker, "r1.sink.dlq"),
            SinkHarness.settings(10),
            TP);
    addRecords(consumer);

    SinkHarness.pollUntil(sink, () -> broker.sends.get() == 1);
    SinkHarness.pollFor(sink, 200);
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(9);
    assertThat(committed(consumer, TP)).as("rows landed, the dead letter is not acked").isZero();

    broker.errorNext(new TimeoutException("DLQ leader unavailable"));
    SinkHarness.pollUntil(sink, () -> broker.sends.get() == 2);
    SinkHarness.pollFor(sink, 200);
    assertThat(committed(consumer, TP)).as("a failed dead letter holds the offsets").isZero();
    assertThat(sink.metrics().deadLetterResends()).isEqualTo(1);

    broker.completeNext();
    SinkHarness.pollUntil(sink, () -> committed(consumer, TP) == 10);
    assertThat(broker.history()).as("the failed send and its resend").hasSize(2);
    assertThat(sink.metrics().deadLettered()).as("counted once, sent twice").isEqualTo(1);
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void shouldCommitOnceTheDeadLettersAreAcknowledged() throws Exception {
    MockProducer<byte[], byte[]> broker =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), TP);
    KafkaSink sink =
        SinkHarness.sink(
            consumer,
            TABLES,
            store,
            DeadLetters.kafka(broker, "r1.sink.dlq"),
            SinkHarness.settings(10),
            TP);
    addRecords(consumer);
    SinkHarness.pollUntil(sink, () -> committed(consumer, TP) == 10);
    assertThat(broker.history()).hasSize(1);
    assertThat(
            new String(
                broker.history().get(0).headers().lastHeader(DeadLetters.SOURCE_OFFSET).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("4");
  }
}
