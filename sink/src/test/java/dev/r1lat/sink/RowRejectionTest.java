package dev.r1lat.sink;

import static dev.r1lat.sink.SinkHarness.committed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.InMemoryBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse refusing a batch for its rows never stops the flow: the batch is bisected, what
 * ClickHouse accepts lands, exactly the refused rows are dead-lettered with ClickHouse's message,
 * and a replay after a crash cuts the same parts (same tokens): nothing twice.
 */
class RowRejectionTest {
  private static final String TOPIC = "r1.request-timings";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final Map<String, SinkTable<?>> TABLES = Map.of(TOPIC, SinkTables.REQUEST_TIMINGS);
  private static final String TYPE_ERROR =
      "Code: 53. DB::Exception: Type mismatch in VALUES section. (TYPE_MISMATCH)";
  private static final String TOO_MANY_PARTITIONS =
      "Code: 252. DB::Exception: Too many partitions for single INSERT block (more than 3)."
          + " (TOO_MANY_PARTS)";

  private final InMemoryBatchWriter store = new InMemoryBatchWriter();
  private final DeadLetters.Collected dlq = new DeadLetters.Collected();

  private static void addTimings(MockConsumer<byte[], byte[]> consumer, int from, int to) {
    for (int i = from; i < to; i++) {
      consumer.addRecord(
          SinkHarness.record(TP, i, TestData.T0 + 3_600_000, CODEC.encode(TestData.timing(i))));
    }
  }

  private static List<String> ids(int from, int to, Set<Integer> except) {
    return IntStream.range(from, to)
        .filter(i -> !except.contains(i))
        .mapToObj(i -> "req-" + i)
        .toList();
  }

  /** "Day" of a request in these tests: 25 consecutive requests share one partition. */
  private static Object day(String requestId) {
    return Integer.parseInt(requestId.substring(4)) / 25;
  }

  @Test
  void shouldStoreWhatClickHouseAcceptsAndDeadLetterExactlyTheRefusedRows() throws Exception {
    store.refuseRows(k -> k.equals("req-13") || k.equals("req-57"), TYPE_ERROR);
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), TP);
    KafkaSink sink = SinkHarness.sink(consumer, TABLES, store, dlq, SinkHarness.settings(100), TP);
    addTimings(consumer, 0, 100);
    SinkHarness.drain(sink);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS))
        .containsExactlyInAnyOrderElementsOf(ids(0, 100, Set.of(13, 57)));
    assertThat(dlq.letters())
        .extracting(DeadLetters.Collected.Letter::offset, DeadLetters.Collected.Letter::reason)
        .containsExactlyInAnyOrder(tuple(13L, TYPE_ERROR), tuple(57L, TYPE_ERROR));
    assertThat(sink.metrics().deadLettered(RejectionSplitter.CLICKHOUSE_REFUSED)).isEqualTo(2);
    assertThat(sink.metrics().rowErrors()).isPositive();
    assertThat(sink.metrics().writeFailures()).as("never retried as is").isZero();
    assertThat(committed(consumer, TP)).isEqualTo(100);
  }

  @Test
  void shouldSplitABatchSpanningTooManyPartitionsUntilEveryPartLands() throws Exception {
    store.refuseMoreDistinctThan(3, RowRejectionTest::day, TOO_MANY_PARTITIONS);
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), TP);
    KafkaSink sink = SinkHarness.sink(consumer, TABLES, store, dlq, SinkHarness.settings(200), TP);
    addTimings(consumer, 0, 200); // 8 "days" in one batch

    SinkHarness.drain(sink);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS))
        .containsExactlyInAnyOrderElementsOf(ids(0, 200, Set.of()));
    assertThat(dlq.letters()).isEmpty();
    assertThat(committed(consumer, TP)).isEqualTo(200);
  }

  @Test
  void shouldCutTheSamePartsWhenABisectedRangeIsReplayedAfterACrash() throws Exception {
    store.refuseRows(k -> k.equals("req-70"), TYPE_ERROR);
    List<String> tokens = new ArrayList<>();
    BatchWriter crashAfterFirstPart =
        new BatchWriter() {
          @Override
          public <R> void write(Batch<R> batch) throws WriteException {
            store.write(batch);
            tokens.add(batch.dedupToken());
            if (!batch.part().isEmpty()) {
              throw new IllegalStateException("process killed after a part landed");
            }
          }
        };
    MockConsumer<byte[], byte[]> first = SinkHarness.consumer(Map.of(), TP);
    KafkaSink crashing =
        SinkHarness.sink(first, TABLES, crashAfterFirstPart, dlq, SinkHarness.settings(100), TP);
    addTimings(first, 0, 100);
    Throwable died = null;
    for (int i = 0; i < 400 && died == null; i++) {
      try {
        crashing.pollOnce(java.time.Duration.ZERO);
        Thread.sleep(5);
      } catch (IllegalStateException e) {
        died = e;
      }
    }
    assertThat(died).hasMessageContaining("killed");
    assertThat(tokens)
        .containsExactly("r1lat-sink/v1/request_timings/" + TOPIC + "/0/0-99/part/0-49");

    // the next run batches differently on purpose: the intent makes it replay [0, 99] as it was
    MockConsumer<byte[], byte[]> second = SinkHarness.consumer(first.committed(Set.of(TP)), TP);
    KafkaSink replaying =
        SinkHarness.sink(second, TABLES, store, dlq, SinkHarness.settings(30), TP);
    addTimings(second, 0, 130);
    SinkHarness.drain(replaying);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS))
        .containsExactlyInAnyOrderElementsOf(ids(0, 130, Set.of(70)));
    assertThat(dlq.letters()).extracting(DeadLetters.Collected.Letter::offset).containsOnly(70L);
    assertThat(committed(second, TP)).isEqualTo(130);
  }
}
