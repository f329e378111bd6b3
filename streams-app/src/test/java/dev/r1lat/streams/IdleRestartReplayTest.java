package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
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

  private static final class Run {
    final MockProcessorContext<byte[], Stage1Out> ctx = new MockProcessorContext<>();
    final TimingAggregator aggregator;
    final List<Long> partialCounts = new ArrayList<>();

    Run(
        KeyValueStore<Bytes, byte[]> progress,
        KeyValueStore<String, byte[]> dims,
        List<byte[]> log) {
      ctx.setCurrentSystemTimeMs(PRODUCED_AT);
      ctx.addStateStore(progress);
      ctx.addStateStore(dims);
      aggregator =
          new TimingAggregator(
              TopologyHarness.settings(),
              // the crashed run had committed everything it processed
              AggregatorFixture.logReplay(log, PRODUCED_AT, log.size()),
              new PipelineMetrics(new SimpleMeterRegistry()));
      aggregator.init(ctx);
    }

    void process(List<byte[]> log) {
      for (int o = 0; o < log.size(); o++) {
        ctx.setRecordMetadata(TOPIC, 0, o);
        aggregator.process(new Record<>(new byte[0], log.get(o), PRODUCED_AT));
      }
      collect();
    }

    /** The wall clock moves on without input: the idle advance closes what is open. */
    void idleFor(long ms) {
      long now = PRODUCED_AT + ms;
      ctx.setCurrentSystemTimeMs(now);
      ctx.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
      collect();
    }

    private void collect() {
      ctx.forwarded().stream()
          .map(f -> f.record().value())
          .filter(v -> v instanceof Stage1Out.Partial p && p.group().region().equals("*"))
          .map(v -> (Stage1Out.Partial) v)
          .filter(p -> p.group().tier().equals("*") && p.component() == Component.E2E)
          .forEach(p -> partialCounts.add(p.stats().count()));
      ctx.resetForwards();
    }
  }

  @Test
  void shouldRebuildTheOpenWindowOfARestartedTaskThatGetsNoNewInput() {
    List<byte[]> log = input();
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();

    Run clean =
        new Run(
            AggregatorFixture.progressStore(storeCtx),
            AggregatorFixture.dimensionsStore(storeCtx),
            log);
    clean.process(log);
    clean.idleFor(120_000);

    var progress = AggregatorFixture.progressStore(storeCtx);
    var dims = AggregatorFixture.dimensionsStore(storeCtx);
    Run crashed = new Run(progress, dims, log);
    crashed.process(log);
    Run restarted = new Run(progress, dims, log); // the crashed run's windows are gone
    restarted.idleFor(120_000);
    List<Long> afterCrash = new ArrayList<>(crashed.partialCounts);
    afterCrash.addAll(restarted.partialCounts);

    assertThat(clean.partialCounts).containsExactly(60L, 60L, 30L);
    assertThat(afterCrash).containsExactlyElementsOf(clean.partialCounts);
  }
}
