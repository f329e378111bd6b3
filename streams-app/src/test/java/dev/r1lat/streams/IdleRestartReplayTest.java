package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * A crash after the last input record, before the last window closed, then a restart with no new
 * input: the restarted task never processes a record, so it must rebuild its open window on its
 * first wall-clock tick, or the idle advance closes that window empty (found by the reliability
 * suite, {@code StreamsKillIT}).
 */
class IdleRestartReplayTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final String TOPIC = TopologyHarness.TOPICS.requestTimings().name();
  private static final long PRODUCED_AT = T0 + 3_600_000;

  /** 150 events, one per second, so the third window is still open after the last one. */
  private static List<byte[]> input() {
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      events.add(CODEC.encode(request().at(T0 + i * 1_000L).ttftMs(100 + i).build()));
    }
    return events;
  }

  @Test
  void shouldRebuildTheOpenWindowOfARestartedTaskThatGetsNoNewInput() {
    List<byte[]> log = input();
    // every run had committed everything it processed
    ReplaySource source = AggregatorFixture.logReplay(log, PRODUCED_AT, log.size());
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();

    AggregatorTask clean =
        new AggregatorTask(
            AggregatorFixture.progressStore(storeCtx),
            AggregatorFixture.dimensionsStore(storeCtx),
            source,
            PRODUCED_AT);
    clean.process(log);
    clean.tickAt(120_000);

    var progress = AggregatorFixture.progressStore(storeCtx);
    var dims = AggregatorFixture.dimensionsStore(storeCtx);
    AggregatorTask crashed = new AggregatorTask(progress, dims, source, PRODUCED_AT);
    crashed.process(log);
    // the crashed run's windows are gone
    AggregatorTask restarted = new AggregatorTask(progress, dims, source, PRODUCED_AT);
    restarted.tickAt(120_000);
    List<Long> afterCrash = new ArrayList<>(crashed.closedCounts);
    afterCrash.addAll(restarted.closedCounts);

    assertThat(clean.closedCounts).containsExactly(60L, 60L, 30L);
    assertThat(afterCrash).containsExactlyElementsOf(clean.closedCounts);
  }

  @Test
  void shouldRestartTheTaskWhenItsReplayRunsOutOfTime() {
    List<byte[]> log = input();
    ReplaySource source = AggregatorFixture.logReplay(log, PRODUCED_AT, log.size());
    ReplaySource timingOut =
        new ReplaySource() {
          @Override
          public void replay(
              String topic,
              int partition,
              long from,
              long to,
              Consumer<ConsumerRecord<byte[], byte[]>> sink) {
            throw new TimeoutException("replay not finished within 3000 ms");
          }

          @Override
          public Offsets offsets(String topic, int partition) {
            return source.offsets(topic, partition);
          }
        };
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();
    var progress = AggregatorFixture.progressStore(storeCtx);
    var dims = AggregatorFixture.dimensionsStore(storeCtx);
    new AggregatorTask(progress, dims, source, PRODUCED_AT).process(log);

    AggregatorTask restarted = new AggregatorTask(progress, dims, timingOut, PRODUCED_AT);

    // Kafka Streams closes a corrupted task uncommitted and starts it again from its changelogs
    assertThatThrownBy(() -> restarted.tickAt(1_000))
        .isInstanceOf(TaskCorruptedException.class)
        .satisfies(e -> assertThat(((TaskCorruptedException) e).corruptedTasks()).hasSize(1));
    assertThat(restarted.closedCounts).isEmpty();
  }
}
