package dev.r1lat.sink;

import static dev.r1lat.sink.SinkHarness.committed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.write.InMemoryBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import dev.r1lat.sink.write.TimingRow;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bytes a decoder can choke on becomes a dead letter with a reason, and the sink goes
 * on with the next record: never a crash loop (the record would be replayed after every restart).
 */
class PoisonRecordsTest {
  private static final Topics TOPICS = Topics.withPrefix("");
  private static final TopicPartition RAW = new TopicPartition(TOPICS.requestTimings().name(), 0);
  private static final TopicPartition STATS = new TopicPartition(TOPICS.latencyStats1m().name(), 0);
  private static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);
  private static final byte[] VALID = TIMINGS.encode(TestData.timing(1));
  private static final byte[] TIMING_HEADER = Arrays.copyOf(VALID, 10);
  private static final byte[] STATS_HEADER =
      Arrays.copyOf(
          AvroCodec.of(LatencyWindowStats.class)
              .encode(
                  TestData.stats(TestData.T0, "eu", "H100", "e2e", TestData.sketch(1, 10, 100))),
          10);

  private final InMemoryBatchWriter store = new InMemoryBatchWriter();
  private final DeadLetters.Collected dlq = new DeadLetters.Collected();

  /** Avro's zig-zag varint of {@code n}. */
  private static byte[] varint(long n) {
    long z = (n << 1) ^ (n >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] string(String s) {
    return concat(varint(s.length()), s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Raw-event poison, by kind. */
  private static Map<String, byte[]> rawPoison() {
    Map<String, byte[]> p = new LinkedHashMap<>();
    p.put("string length 2e9 (15 bytes)", concat(TIMING_HEADER, varint(2_000_000_000L)));
    p.put("negative string length", concat(TIMING_HEADER, varint(-5)));
    p.put("negative long length", concat(TIMING_HEADER, varint(Long.MIN_VALUE / 2)));
    p.put("truncated body", Arrays.copyOf(VALID, VALID.length / 2));
    p.put("header only", TIMING_HEADER);
    byte[] unknown = VALID.clone();
    unknown[5] ^= 0x5A;
    p.put("unknown fingerprint", unknown);
    p.put("union branch 9 of 2", unionBranchOutOfRange());
    p.put("not single-object", new byte[] {1, 2, 3});
    p.put("tombstone", null);
    return p;
  }

  /** A valid prefix up to quantization (a [null, string] union), then branch 9. */
  private static byte[] unionBranchOutOfRange() {
    return concat(
        TIMING_HEADER,
        string("req-x"),
        varint(TestData.T0),
        string("eu"),
        string("H100"),
        string("m"),
        varint(9));
  }

  /** Window stats poison: map counts (block counts) far beyond the bytes that follow. */
  private static Map<String, byte[]> statsPoison() {
    byte[] prefix =
        concat(STATS_HEADER, varint(TestData.T0), varint(TestData.T0 + 60_000), string("eu"));
    Map<String, byte[]> p = new LinkedHashMap<>();
    p.put("map count 2e9", concat(prefix, string("H100"), varint(2_000_000_000L)));
    p.put(
        "negative map block count, huge size",
        concat(prefix, string("H100"), varint(-2_000_000_000L), varint(Long.MAX_VALUE / 4)));
    p.put("map count Long.MAX", concat(prefix, string("H100"), varint(Long.MAX_VALUE / 2)));
    return p;
  }

  private KafkaSink sink(MockConsumer<byte[], byte[]> consumer, Map<String, SinkTable<?>> tables) {
    return SinkHarness.sink(consumer, tables, store, dlq, SinkHarness.settings(1_000), RAW, STATS);
  }

  @Test
  void shouldDeadLetterEveryDecoderFailureKindWithAReasonAndKeepGoing() throws Exception {
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), RAW, STATS);
    KafkaSink sink =
        sink(consumer, SinkRuntime.tablesByTopic(TOPICS, SinkSettings.DEFAULT_TIMING_RULES));
    List<String> raw = List.copyOf(rawPoison().keySet());
    Map<Long, String> kindAt = new HashMap<>();
    long offset = 0;
    for (var e : rawPoison().entrySet()) {
      consumer.addRecord(SinkHarness.record(RAW, offset, TestData.T0, e.getValue()));
      kindAt.put(offset++, e.getKey());
      consumer.addRecord(
          SinkHarness.record(
              RAW, offset, TestData.T0, TIMINGS.encode(TestData.timing((int) offset))));
      offset++;
    }
    long statsOffset = 0;
    for (byte[] v : statsPoison().values()) {
      consumer.addRecord(SinkHarness.record(STATS, statsOffset++, TestData.T0, v));
    }

    SinkHarness.drain(sink);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).hasSize(raw.size());
    assertThat(dlq.letters()).hasSize(raw.size() + statsPoison().size());
    assertThat(dlq.letters())
        .allSatisfy(l -> assertThat(l.reason()).as(kindAt.get(l.offset())).isNotBlank());
    assertThat(sink.metrics().deadLettered(SinkMetrics.UNDECODABLE))
        .isEqualTo(raw.size() + statsPoison().size());
    assertThat(committed(consumer, RAW)).isEqualTo(offset);
    assertThat(committed(consumer, STATS)).isEqualTo(statsOffset);
  }

  @Test
  void shouldDeadLetterAnErrorThrownByADecoderInsteadOfDying() throws Exception {
    SinkTable<TimingRow> real = SinkTables.REQUEST_TIMINGS;
    SinkTable<TimingRow> fragile =
        new SinkTable<>(
            real.name(),
            real.columns(),
            real.nativeEncoder(),
            (value, ts) -> {
              if (value != null && value.length == 3) {
                throw new OutOfMemoryError("Java heap space (a length prefix of 2e9)");
              }
              if (value != null && value.length == 4) {
                throw new StackOverflowError();
              }
              return real.decode(value, ts);
            },
            real.naturalKey());
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), RAW, STATS);
    KafkaSink sink = sink(consumer, Map.of(RAW.topic(), fragile));
    consumer.addRecord(SinkHarness.record(RAW, 0, TestData.T0, TIMINGS.encode(TestData.timing(0))));
    consumer.addRecord(SinkHarness.record(RAW, 1, TestData.T0, new byte[3]));
    consumer.addRecord(SinkHarness.record(RAW, 2, TestData.T0, new byte[4]));
    consumer.addRecord(SinkHarness.record(RAW, 3, TestData.T0, TIMINGS.encode(TestData.timing(3))));

    SinkHarness.drain(sink);

    assertThat(store.keys(SinkTables.REQUEST_TIMINGS)).containsExactlyInAnyOrder("req-0", "req-3");
    assertThat(dlq.letters())
        .extracting(DeadLetters.Collected.Letter::offset)
        .containsExactly(1L, 2L);
    assertThat(dlq.letters().get(0).reason()).contains("OutOfMemoryError");
    assertThat(dlq.letters().get(1).reason()).contains("StackOverflowError");
    assertThat(committed(consumer, RAW)).isEqualTo(4);
  }
}
