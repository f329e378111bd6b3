package dev.r1lat.sink;

import static dev.r1lat.sink.SinkFixture.await;
import static dev.r1lat.sink.SinkFixture.bytes;
import static dev.r1lat.sink.SinkFixture.header;
import static dev.r1lat.sink.SinkFixture.runInBackground;
import static dev.r1lat.sink.SinkFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real ClickHouse refusing real batches for their rows: a backfill whose batches span more days
 * (partitions) than {@code max_partitions_per_insert_block} allows, and a few rows a table
 * constraint refuses. The flow never stops: every event is stored or on the dead-letter topic with
 * ClickHouse's own message, nothing twice, and the rollups count exactly the stored events.
 */
@ExtendWith(RealStackExtension.class)
class SinkRejectionIT {
  private static final long DAY = 86_400_000L;
  private static final int DAYS = 10;
  private static final int PER_DAY = 300;

  @Test
  void shouldStoreWhatClickHouseAcceptsAndDeadLetterWhatItRefusesWithItsMessage(Endpoints endpoints)
      throws Exception {
    SinkFixture f0 = SinkFixture.create(endpoints);
    SinkFixture f =
        new SinkFixture(
            f0.endpoints(),
            f0.topics(),
            f0.db(),
            f0.settings()
                .withBatching(5_000, Duration.ofMillis(500))
                .withInserts(Duration.ofSeconds(30), 3));
    ClickHouseCalls.execute(
        f.db().client,
        "ALTER TABLE " + f.db().db() + ".request_timings ADD CONSTRAINT sane CHECK e2e_ms < 50000");
    Set<String> refused = new HashSet<>();
    long now = System.currentTimeMillis();
    try (var p = f.producer()) {
      for (int i = 0; i < DAYS * PER_DAY; i++) {
        RequestTiming.Builder b =
            RequestTiming.newBuilder(TestData.timing(i))
                .setEventTimeMs(now - (i / PER_DAY) * DAY - 60_000 - i);
        if (i % 431 == 17) {
          b.setE2eMs(60_000.0); // a valid timing (rules allow 24 h) that the constraint refuses
          refused.add(b.getRequestId());
        }
        RequestTiming t = b.build();
        p.send(
            new ProducerRecord<>(
                f.topics().requestTimings().name(),
                bytes(t.getRequestId()),
                SinkFixture.TIMINGS.encode(t)));
      }
    }
    int total = DAYS * PER_DAY;
    AtomicReference<Throwable> died = new AtomicReference<>();
    SinkRuntime runtime = f.sink(f.writer());
    Thread t = runInBackground(runtime, died);
    SinkMetrics m = runtime.sink().metrics();
    await(
        "every event stored or dead-lettered",
        Duration.ofSeconds(120),
        () -> m.rows("request_timings") + m.deadLettered() >= total);
    stop(runtime, t);

    assertThat(died.get()).isNull();
    assertThat(f.rows("request_timings")).isEqualTo(total - refused.size());
    assertThat(f.distinctRequestIds()).isEqualTo(total - refused.size());
    assertThat(f.volumeRequests()).isEqualTo(total - refused.size());
    assertThat(m.deadLettered(RejectionSplitter.CLICKHOUSE_REFUSED)).isEqualTo(refused.size());
    assertThat(m.rowErrors()).as("refusals met (partitions and constraint)").isPositive();
    assertThat(m.writeFailures()).as("a refusal is never retried as is").isZero();
    List<ConsumerRecord<byte[], byte[]>> letters = f.deadLetters(refused.size());
    assertThat(letters)
        .extracting(l -> new String(l.key(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrderElementsOf(refused);
    assertThat(letters).allSatisfy(l -> assertThat(header(l, DeadLetters.REASON)).contains("sane"));
  }
}
