package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.InMemoryBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The sink loop against Kafka's MockConsumer and the in-memory writer: no broker, no ClickHouse.
 */
class KafkaSinkTest {
  private static final String TOPIC = "r1.request-timings";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final Map<String, SinkTable<?>> TABLES = Map.of(TOPIC, SinkTables.REQUEST_TIMINGS);

  private final InMemoryBatchWriter store = new InMemoryBatchWriter();
  private final DeadLetters.Collected dlq = new DeadLetters.Collected();

  private static SinkSettings settings(int maxRows) {
    return SinkSettings.of(
        "unused:9092",
        Map.of(
            "sink.group-id", "g",
            "sink.batch.max-rows", Integer.toString(maxRows),
            "sink.batch.max-delay", "1h",
            "sink.retry.initial", "1ms",
            "sink.retry.max", "2ms",
            "sink.poll-timeout", "0ms",
            "sink.recovery-timeout", "1m"));
  }

  /** A consumer of a group whose offsets were committed by an earlier process: {@code carried}. */
  private static MockConsumer<byte[], byte[]> consumer(
      Map<TopicPartition, OffsetAndMetadata> carried) {
    MockConsumer<byte[], byte[]> consumer =
        new MockConsumer<>("earliest") {
          @Override
          public synchronized Map<TopicPartition, OffsetAndMetadata> committed(
              Set<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> own = super.committed(partitions);
            return own.isEmpty() ? carried : own;
          }
        };
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    return consumer;
  }

  private static void addTimings(MockConsumer<byte[], byte[]> consumer, int from, int to) {
    for (int i = from; i < to; i++) {
      byte[] v = CODEC.encode(TestData.timing(i));
      consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, null, v));
    }
  }

  /** Offset i: TestData.timing(i), or the invalid variant {@code bad} maps i to, sent at SENT. */
  private static void addMixed(
      MockConsumer<byte[], byte[]> consumer, int from, int to, Map<Integer, RequestTiming> bad) {
    for (int i = from; i < to; i++) {
      byte[] v = CODEC.encode(bad.getOrDefault(i, TestData.timing(i)));
      consumer.addRecord(
          new ConsumerRecord<>(
              TOPIC,
              0,
              i,
              SENT,
              TimestampType.CREATE_TIME,
              -1,
              -1,
              null,
              v,
              new RecordHeaders(),
              Optional.empty()));
    }
  }

  private static final long SENT = TestData.T0 + 3_600_000;

  /** Invalid events the streams app dead-letters, at offsets among valid ones. */
  private static final Map<Integer, RequestTiming> BAD =
      Map.of(
          3, with(3, b -> b.setTtftMs(-5.0)),
          5, with(5, b -> b.setRegion("*")),
          6, with(6, b -> b.setEventTimeMs(SENT + 2 * 3_600_000)),
          8, with(8, b -> b.setE2eMs(Double.NaN)),
          42, with(42, b -> b.setAnswerTokens(-1)),
          77, with(77, b -> b.setE2eMs(1e12)));

  private static RequestTiming with(int i, java.util.function.Consumer<RequestTiming.Builder> f) {
    RequestTiming.Builder b = RequestTiming.newBuilder(TestData.timing(i));
    f.accept(b);
    return b.build();
  }

  private static List<String> validIds(int from, int to) {
    return java.util.stream.IntStream.range(from, to)
        .filter(i -> !BAD.containsKey(i))
        .mapToObj(i -> "req-" + i)
        .toList();
  }

  private KafkaSink sink(MockConsumer<byte[], byte[]> consumer, BatchWriter w, int maxRows) {
    KafkaSink sink = new KafkaSink(consumer, TABLES, w, dlq, settings(maxRows), new SinkMetrics());
    sink.subscribe();
    consumer.rebalance(List.of(TP));
    return sink;
  }

  /** Drives the loop as run() would, then writes what is left. */
  private static void drain(KafkaSink sink) throws InterruptedException {
    for (int i = 0; i < 40; i++) {
      sink.pollOnce(Duration.ZERO);
      Thread.sleep(5);
    }
    sink.flushEverything();
  }

  /** Polls until the loop fails (the simulated crash surfaces from the writer thread). */
  private static Throwable pollUntilItDies(KafkaSink sink) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      try {
        sink.pollOnce(Duration.ZERO);
      } catch (RuntimeException e) {
        return e;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the sink did not die");
  }

  /** The real writer, then a "crash" (as if the process died) once a batch at crashAt landed. */
  private BatchWriter crashingAfter(long crashAt) {
    return crashingAfter(crashAt, store);
  }

  private static BatchWriter crashingAfter(long crashAt, BatchWriter real) {
    return new BatchWriter() {
      @Override
      public <R> void write(Batch<R> batch) throws WriteException {
        real.write(batch);
        if (batch.firstOffset() == crashAt) {
          throw new IllegalStateException("process killed after insert, before offset commit");
        }
      }
    };
  }

  @Test
  void shouldNotDuplicateRowsWhenItCrashesBetweenInsertAndOffsetCommit() throws Exception {
    MockConsumer<byte[], byte[]> first = consumer(Map.of());
    KafkaSink crashing = sink(first, crashingAfter(100), 100);
    addTimings(first, 0, 250);
    assertThat(pollUntilItDies(crashing)).hasMessageContaining("killed");
    Map<TopicPartition, OffsetAndMetadata> left = first.committed(Set.of(TP));
    assertThat(left.get(TP).offset()).isEqualTo(100);
    assertThat(OffsetIntent.parse(left.get(TP).metadata())).hasValue(199);

    // the next run, configured differently on purpose: its own size rule would cut elsewhere
    MockConsumer<byte[], byte[]> second = consumer(left);
    KafkaSink replaying = sink(second, store, 40);
    addTimings(second, 100, 250);
    drain(replaying);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(250).doesNotHaveDuplicates();
    assertThat(second.committed(Set.of(TP)).get(TP)).isEqualTo(new OffsetAndMetadata(250, ""));
  }

  @Test
  void shouldDuplicateWithoutTheIntentWhichIsWhyItExists() throws Exception {
    // control experiment: same crash, but the next run ignores the intent (offset only)
    MockConsumer<byte[], byte[]> first = consumer(Map.of());
    KafkaSink crashing = sink(first, crashingAfter(100), 100);
    addTimings(first, 0, 250);
    assertThat(pollUntilItDies(crashing)).hasMessageContaining("killed");
    MockConsumer<byte[], byte[]> second = consumer(Map.of(TP, new OffsetAndMetadata(100, "")));
    KafkaSink replaying = sink(second, store, 40);
    addTimings(second, 100, 250);
    drain(replaying);
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSizeGreaterThan(250);
  }

  @Test
  void shouldSendPoisonRecordsToTheDeadLetterTopicWithAReasonAndGoOn() throws Exception {
    MockConsumer<byte[], byte[]> consumer = consumer(Map.of());
    KafkaSink sink = sink(consumer, store, 1_000);
    addTimings(consumer, 0, 10);
    byte[] junk = "not avro".getBytes(StandardCharsets.UTF_8);
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 10, null, junk));
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 11, null, null));
    drain(sink);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(10);
    assertThat(dlq.letters())
        .extracting(DeadLetters.Collected.Letter::offset)
        .containsExactly(10L, 11L);
    assertThat(dlq.letters().get(0).reason()).contains("not Avro single-object encoded");
    assertThat(dlq.letters().get(1).reason()).contains("tombstone");
    assertThat(sink.metrics().deadLettered()).isEqualTo(2);
    assertThat(consumer.committed(Set.of(TP)).get(TP).offset()).isEqualTo(12);
  }

  @Test
  void shouldDeadLetterEventsTheRulesRejectAndStoreOnlyTheirValidNeighbours() throws Exception {
    MockConsumer<byte[], byte[]> consumer = consumer(Map.of());
    KafkaSink sink = sink(consumer, store, 1_000);
    addMixed(consumer, 0, 10, BAD);
    drain(sink);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS))
        .containsExactlyInAnyOrderElementsOf(validIds(0, 10));
    assertThat(dlq.letters())
        .extracting(DeadLetters.Collected.Letter::offset, DeadLetters.Collected.Letter::reason)
        .containsExactly(
            tuple(3L, "ttftMs must not be negative (was -5.0)"),
            tuple(
                5L, "region must not be '*' or contain '|' (reserved for roll-ups and group keys)"),
            tuple(
                6L,
                "eventTimeMs is 7200 s after the event was sent (future event time; at most 300 s"
                    + " allowed)"),
            tuple(8L, "e2eMs is NaN (send null when not measured)"));
    assertThat(sink.metrics().deadLetteredByReason())
        .containsExactlyInAnyOrderEntriesOf(Map.of("invalid_field", 3L, "future_event_time", 1L));
    assertThat(sink.metrics().rejected()).isEqualTo(4);
    assertThat(sink.metrics().rows(SinkTables.REQUEST_TIMINGS_TABLE)).isEqualTo(6);
    assertThat(consumer.committed(Set.of(TP)).get(TP).offset()).isEqualTo(10);
  }

  @Test
  void shouldRejectTheSameEventsAndInsertTheSameRowsWhenAPendingRangeIsReplayed() throws Exception {
    Map<String, List<List<String>>> insertsByToken = new java.util.concurrent.ConcurrentHashMap<>();
    BatchWriter recording =
        new BatchWriter() {
          @Override
          public <R> void write(Batch<R> batch) throws WriteException {
            List<String> keys = batch.rows().stream().map(batch.table().naturalKey()).toList();
            insertsByToken.computeIfAbsent(batch.dedupToken(), t -> new ArrayList<>()).add(keys);
            store.write(batch);
          }
        };
    MockConsumer<byte[], byte[]> first = consumer(Map.of());
    KafkaSink crashing = sink(first, crashingAfter(0, recording), 100);
    addMixed(first, 0, 150, BAD);
    assertThat(pollUntilItDies(crashing)).hasMessageContaining("killed");

    MockConsumer<byte[], byte[]> second = consumer(first.committed(Set.of(TP)));
    KafkaSink replaying = sink(second, recording, 30);
    addMixed(second, 0, 150, BAD);
    drain(replaying);

    List<List<String>> firstRange =
        insertsByToken.get("r1lat-sink/v1/request_timings/" + TOPIC + "/0/0-99");
    assertThat(firstRange)
        .hasSize(2)
        .allSatisfy(keys -> assertThat(keys).isEqualTo(validIds(0, 100)));
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS))
        .containsExactlyInAnyOrderElementsOf(validIds(0, 150));
    assertThat(dlq.letters().stream().map(DeadLetters.Collected.Letter::offset).distinct())
        .as("at-least-once: the replayed range dead-letters its rejects again")
        .containsExactlyInAnyOrder(3L, 5L, 6L, 8L, 42L, 77L);
  }

  @Test
  void shouldRetryWhileTheStoreIsDownAndLoseNothing() throws Exception {
    MockConsumer<byte[], byte[]> consumer = consumer(Map.of());
    store.failNext(5);
    KafkaSink sink = sink(consumer, store, 100);
    addTimings(consumer, 0, 300);
    drain(sink);
    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(300).doesNotHaveDuplicates();
    assertThat(sink.metrics().writeFailures()).isEqualTo(5);
    assertThat(store.attempts()).isEqualTo(3 + 5);
  }
}
