package dev.r1lat.sink;

import static dev.r1lat.sink.SinkFixture.await;
import static dev.r1lat.sink.SinkFixture.bytes;
import static dev.r1lat.sink.SinkFixture.runInBackground;
import static dev.r1lat.sink.SinkFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Kafka to ClickHouse through the real sink: exact counts, poison, outage, crash and replay. */
@ExtendWith(RealStackExtension.class)
class SinkEndToEndIT {
  private static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);
  private static final AvroCodec<LatencyWindowStats> STATS = AvroCodec.of(LatencyWindowStats.class);
  private static final AvroCodec<LatencyAnomaly> ANOMALIES = AvroCodec.of(LatencyAnomaly.class);

  @Test
  void shouldLandEveryRecordOfTheThreeTopicsExactlyOnceAndDeadLetterThePoison(Endpoints endpoints)
      throws Exception {
    SinkFixture f = SinkFixture.create(endpoints);
    f.produceTimings(0, 20_000);
    try (var p = f.producer()) {
      for (int i = 0; i < 300; i++) {
        var s =
            TestData.stats(
                TestData.T0 + i * 60_000L, "eu-west", "H100", "e2e", TestData.sketch(i, 100, 800));
        p.send(
            new ProducerRecord<>(
                f.topics().latencyStats1m().name(), bytes("eu-west|H100"), STATS.encode(s)));
      }
      for (int i = 0; i < 30; i++) {
        p.send(
            new ProducerRecord<>(
                f.topics().latencyAnomalies().name(),
                bytes("g"),
                ANOMALIES.encode(TestData.anomaly(i))));
      }
      for (int i = 0; i < 5; i++) {
        p.send(
            new ProducerRecord<>(
                f.topics().requestTimings().name(), bytes("bad-" + i), bytes("garbage " + i)));
      }
    }
    AtomicReference<Throwable> died = new AtomicReference<>();
    SinkRuntime runtime = f.sink(f.writer());
    Thread t = runInBackground(runtime, died);
    await(
        "every row",
        Duration.ofSeconds(90),
        () ->
            runtime.sink().metrics().totalRows() >= 20_330
                && runtime.sink().metrics().deadLettered() >= 5);
    stop(runtime, t);

    assertThat(died.get()).isNull();
    assertThat(f.rows("request_timings")).isEqualTo(20_000);
    assertThat(f.distinctRequestIds()).isEqualTo(20_000);
    assertThat(f.rows("latency_stats_1m")).isEqualTo(300);
    assertThat(f.rows("latency_anomalies")).isEqualTo(30);
    assertThat(f.volumeRequests()).isEqualTo(20_000);
    List<ConsumerRecord<byte[], byte[]>> letters = f.deadLetters(5);
    assertThat(letters).hasSize(5);
    assertThat(SinkFixture.header(letters.get(0), DeadLetters.REASON))
        .contains("not Avro single-object encoded");
    assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).startsWith("garbage");
  }

  @Test
  void shouldCatchUpAfterAClickHouseOutageWithNothingLostOrDuplicated(
      Endpoints endpoints, Stack stack) throws Exception {
    assumeTrue(stack instanceof LocalStack, "needs the local stack to stop ClickHouse");
    LocalStack local = (LocalStack) stack;
    SinkFixture f = SinkFixture.create(endpoints);
    AtomicReference<Throwable> died = new AtomicReference<>();
    SinkRuntime runtime = f.sink(f.writer());
    Thread t = runInBackground(runtime, died);
    f.produceTimings(0, 5_000);
    await("the first rows", Duration.ofSeconds(60), () -> f.rows("request_timings") == 5_000);

    local.stopClickHouse();
    try {
      f.produceTimings(5_000, 12_000);
      await(
          "failed inserts",
          Duration.ofSeconds(60),
          () -> runtime.sink().metrics().writeFailures() >= 2);
    } finally {
      local.startClickHouseAgain();
    }
    await(
        "catch-up",
        Duration.ofSeconds(90),
        () -> runtime.sink().metrics().rows("request_timings") >= 12_000);
    stop(runtime, t);

    assertThat(died.get()).isNull();
    assertThat(f.rows("request_timings")).isEqualTo(12_000);
    assertThat(f.distinctRequestIds()).isEqualTo(12_000);
  }

  @Test
  void shouldReplayTheSameOffsetsAfterACrashWithoutDuplicateRows(Endpoints endpoints)
      throws Exception {
    SinkFixture f = SinkFixture.create(endpoints);
    f.produceTimings(0, 15_000);
    // first run: dies right after its third insert landed, before committing the offsets
    ClickHouseBatchWriter real = f.writer();
    List<String> landed = new ArrayList<>();
    BatchWriter crashing =
        new BatchWriter() {
          @Override
          public <R> void write(Batch<R> batch) throws WriteException {
            real.write(batch);
            landed.add(batch.dedupToken());
            if (landed.size() == 3) {
              throw new IllegalStateException("killed after an insert, before the offset commit");
            }
          }
        };
    AtomicReference<Throwable> died = new AtomicReference<>();
    SinkRuntime first = f.sink(crashing);
    Thread t1 = runInBackground(first, died);
    t1.join(60_000);
    first.close();
    assertThat(died.get()).hasMessageContaining("killed");
    long afterCrash = f.rows("request_timings");
    assertThat(afterCrash).isPositive();

    // second run, same group: replays the pending ranges exactly, then the rest
    SinkRuntime second = f.sink(f.writer());
    AtomicReference<Throwable> died2 = new AtomicReference<>();
    Thread t2 = runInBackground(second, died2);
    await(
        "all rows",
        Duration.ofSeconds(90),
        () -> f.rows("request_timings") >= 15_000 && second.sink().metrics().batches() > 0);
    Thread.sleep(1_000); // a duplicate would arrive with the same flush; give it the chance
    stop(second, t2);

    assertThat(died2.get()).isNull();
    assertThat(f.rows("request_timings")).isEqualTo(15_000);
    assertThat(f.distinctRequestIds()).isEqualTo(15_000);
    assertThat(f.volumeRequests())
        .as("the rollup MV must not count the replayed batch either")
        .isEqualTo(15_000);
    // the replay really happened: the second run wrote some of the very ranges the first had
    assertThat(second.sink().metrics().rows("request_timings")).isGreaterThan(15_000 - afterCrash);
  }
}
