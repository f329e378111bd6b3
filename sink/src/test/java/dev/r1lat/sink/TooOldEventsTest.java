package dev.r1lat.sink;

import static dev.r1lat.sink.SinkHarness.committed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.InMemoryBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * An event older than {@code events.max-age} (14 d) when it was sent is dead-lettered with the
 * reason and counted as {@code too_old}: never inserted for the raw table's 30-day TTL to drop
 * without a word (a 101-day backfill). The age is measured against the record's Kafka timestamp, so
 * a replay decides the same.
 */
class TooOldEventsTest {
  private static final String TOPIC = "r1.request-timings";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void shouldDeadLetterEventsOlderThanTheMaxAgeWithTheReasonAndStoreTheRest() throws Exception {
    InMemoryBatchWriter store = new InMemoryBatchWriter();
    DeadLetters.Collected dlq = new DeadLetters.Collected();
    Map<String, SinkTable<?>> tables = Map.of(TOPIC, SinkTables.REQUEST_TIMINGS);
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), TP);
    KafkaSink sink = SinkHarness.sink(consumer, tables, store, dlq, SinkHarness.settings(500), TP);
    long sent = TestData.T0 + 101 * DAY;
    for (int day = 0; day < 101; day++) { // one event per day over the last 101 days
      RequestTiming t =
          RequestTiming.newBuilder(TestData.timing(day)).setEventTimeMs(sent - day * DAY).build();
      consumer.addRecord(SinkHarness.record(TP, day, sent, CODEC.encode(t)));
    }

    SinkHarness.drain(sink);

    // 0..14 days old are within the 14-day age (exactly 14 d is still accepted)
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(15);
    assertThat(dlq.letters()).hasSize(86);
    assertThat(dlq.letters()).allSatisfy(l -> assertThat(l.reason()).contains("eventTimeMs"));
    assertThat(sink.metrics().deadLettered("too_old")).isEqualTo(86);
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS).size() + sink.metrics().deadLettered())
        .as("every event stored or accounted for")
        .isEqualTo(101);
    assertThat(committed(consumer, TP)).isEqualTo(101);
  }
}
