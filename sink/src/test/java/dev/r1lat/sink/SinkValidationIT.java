package dev.r1lat.sink;

import static dev.r1lat.sink.SinkFixture.await;
import static dev.r1lat.sink.SinkFixture.bytes;
import static dev.r1lat.sink.SinkFixture.header;
import static dev.r1lat.sink.SinkFixture.runInBackground;
import static dev.r1lat.sink.SinkFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink applies the streams app's event rules before it stores raw events: in a mixed stream
 * only the valid events reach request_timings (and the volume rollup), every invalid one is on the
 * sink's dead-letter topic with its reason and its bytes as produced, also across a crash and
 * replay of a range holding rejects.
 */
@ExtendWith(RealStackExtension.class)
class SinkValidationIT {
  private static final int VALID = 3_000;
  private static final long HOUR = 3_600_000;

  /** An invalid event, the words its dead-letter reason must contain and its reason class. */
  private record Bad(String key, String reasonMentions, String reasonClass, byte[] value) {}

  private static Bad bad(String kind, String mentions, Consumer<RequestTiming.Builder> f) {
    RequestTiming.Builder b = RequestTiming.newBuilder(TestData.timing(1_000_000 + kind.length()));
    b.setRequestId("bad-" + kind);
    f.accept(b);
    String reasonClass = kind.equals("future") ? "future_event_time" : "invalid_field";
    return new Bad("bad-" + kind, mentions, reasonClass, SinkFixture.TIMINGS.encode(b.build()));
  }

  /** One of each way an event breaks the rules, and bytes that are no event at all. */
  private static List<Bad> bads(long now) {
    return List.of(
        bad("negative", "ttftMs must not be negative", b -> b.setTtftMs(-5.0)),
        bad("nan", "e2eMs is NaN", b -> b.setE2eMs(Double.NaN)),
        bad("infinite", "decodeMs must be a finite number", b -> b.setDecodeMs(1 / 0.0)),
        bad("absurd", "above events.max-timing-ms", b -> b.setE2eMs(1e12)),
        bad("reserved-region", "reserved", b -> b.setRegion("*")),
        bad("reserved-tier", "reserved", b -> b.setTier("H100|x")),
        bad("blank-model", "model must not be blank", b -> b.setModel(" ")),
        bad("future", "future event time", b -> b.setEventTimeMs(now + 2 * HOUR)),
        bad("seconds", "not epoch milliseconds", b -> b.setEventTimeMs(now / 1000)),
        bad("tokens", "answerTokens must not be negative", b -> b.setAnswerTokens(-1)),
        bad(
            "cached",
            "cachedPromptTokens exceeds promptTokens",
            b -> b.setCachedPromptTokens(1 << 20)),
        new Bad("garbage", "not Avro", "undecodable", bytes("garbage")));
  }

  /** Valid events on partition 0 with the invalid ones spread among them (same batches). */
  private static Map<String, Bad> produceMixed(SinkFixture f) {
    List<Bad> bad = bads(System.currentTimeMillis());
    Map<String, Bad> byKey = new HashMap<>();
    String topic = f.topics().requestTimings().name();
    try (var p = f.producer()) {
      for (int i = 0; i < VALID; i++) {
        RequestTiming t = TestData.timing(i);
        p.send(
            new ProducerRecord<>(topic, 0, bytes(t.getRequestId()), SinkFixture.TIMINGS.encode(t)));
        if (i % (VALID / bad.size()) == 7 && byKey.size() < bad.size()) {
          Bad b = bad.get(byKey.size());
          byKey.put(b.key(), b);
          p.send(new ProducerRecord<>(topic, 0, bytes(b.key()), b.value()));
        }
      }
    }
    assertThat(byKey).hasSize(bad.size());
    return byKey;
  }

  @Test
  void shouldStoreOnlyTheValidEventsAndDeadLetterEachInvalidOneWithItsReasonAndBytes(
      Endpoints endpoints) throws Exception {
    SinkFixture f = SinkFixture.create(endpoints);
    Map<String, Bad> bad = produceMixed(f);
    AtomicReference<Throwable> died = new AtomicReference<>();
    SinkRuntime runtime = f.sink(f.writer());
    Thread t = runInBackground(runtime, died);
    await(
        "every record judged",
        Duration.ofSeconds(90),
        () ->
            runtime.sink().metrics().rows("request_timings") >= VALID
                && runtime.sink().metrics().deadLettered() >= bad.size());
    stop(runtime, t);

    assertThat(died.get()).isNull();
    assertThat(f.rows("request_timings")).isEqualTo(VALID);
    assertThat(f.distinctRequestIds()).isEqualTo(VALID);
    assertThat(f.volumeRequests()).as("the rollup counts only stored events").isEqualTo(VALID);
    SinkMetrics m = runtime.sink().metrics();
    assertThat(m.deadLetteredByReason())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("invalid_field", 10L, "future_event_time", 1L, "undecodable", 1L));
    assertThat(m.rejected()).isEqualTo(11);

    List<ConsumerRecord<byte[], byte[]>> letters = f.deadLetters(bad.size());
    assertThat(letters).hasSize(bad.size());
    for (ConsumerRecord<byte[], byte[]> letter : letters) {
      Bad expected = bad.get(new String(letter.key(), StandardCharsets.UTF_8));
      assertThat(expected).as("a dead letter that is not one of the invalid events").isNotNull();
      assertThat(letter.value()).as(expected.key()).isEqualTo(expected.value());
      assertThat(header(letter, DeadLetters.REASON)).contains(expected.reasonMentions());
      assertThat(header(letter, DeadLetters.STAGE)).isEqualTo("sink");
      assertThat(header(letter, DeadLetters.SOURCE_TOPIC))
          .isEqualTo(f.topics().requestTimings().name());
      assertThat(header(letter, DeadLetters.SOURCE_OFFSET)).isNotBlank();
    }
  }

  @Test
  void shouldReplayARangeWithRejectsToTheSameRowsWithoutDuplicates(Endpoints endpoints)
      throws Exception {
    SinkFixture f = SinkFixture.create(endpoints);
    Map<String, Bad> bad = produceMixed(f);
    ClickHouseBatchWriter real = f.writer();
    AtomicInteger inserts = new AtomicInteger();
    BatchWriter crashing =
        new BatchWriter() {
          @Override
          public <R> void write(Batch<R> batch) throws WriteException {
            real.write(batch);
            if (inserts.incrementAndGet() == 1) {
              throw new IllegalStateException("killed after an insert, before the offset commit");
            }
          }
        };
    AtomicReference<Throwable> died = new AtomicReference<>();
    SinkRuntime first = f.sink(crashing);
    runInBackground(first, died).join(60_000);
    first.close();
    assertThat(died.get()).hasMessageContaining("killed");
    assertThat(f.rows("request_timings")).isPositive();

    SinkRuntime second = f.sink(f.writer());
    AtomicReference<Throwable> died2 = new AtomicReference<>();
    Thread t2 = runInBackground(second, died2);
    await("all rows", Duration.ofSeconds(90), () -> f.rows("request_timings") >= VALID);
    Thread.sleep(1_000); // a duplicate would arrive with the same flush; give it the chance
    stop(second, t2);

    assertThat(died2.get()).isNull();
    assertThat(f.rows("request_timings")).isEqualTo(VALID);
    assertThat(f.distinctRequestIds()).isEqualTo(VALID);
    assertThat(f.volumeRequests()).isEqualTo(VALID);
    assertThat(
            f.deadLetters(bad.size()).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .distinct())
        .as("every reject dead-lettered (those of the replayed range possibly twice)")
        .containsExactlyInAnyOrderElementsOf(bad.keySet());
  }
}
