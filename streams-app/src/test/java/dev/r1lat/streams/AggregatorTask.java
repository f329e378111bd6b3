package dev.r1lat.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One aggregator task under a {@link MockProcessorContext}, started at {@code startedAtMs}: feed it
 * records, move its wall clock, and read the {@code *|*} e2e counts of the windows it closed.
 */
final class AggregatorTask {
  private static final String TOPIC = TopologyHarness.TOPICS.requestTimings().name();

  final MockProcessorContext<byte[], AggregatorOutput> ctx = new MockProcessorContext<>();
  final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
  final List<Long> closedCounts = new ArrayList<>();
  private final TimingAggregator aggregator;
  private final long startedAtMs;
  private long nextOffset;

  AggregatorTask(
      KeyValueStore<Bytes, byte[]> progress,
      KeyValueStore<String, byte[]> dims,
      ReplaySource source,
      long startedAtMs) {
    this.startedAtMs = startedAtMs;
    ctx.setCurrentSystemTimeMs(startedAtMs);
    ctx.addStateStore(progress);
    ctx.addStateStore(dims);
    aggregator = new TimingAggregator(TopologyHarness.settings(), source, metrics);
    aggregator.init(ctx);
  }

  /** A task with fresh stores. */
  static AggregatorTask fresh(ReplaySource source, long startedAtMs) {
    MockProcessorContext<?, ?> storeCtx = new MockProcessorContext<>();
    return new AggregatorTask(
        AggregatorFixture.progressStore(storeCtx),
        AggregatorFixture.dimensionsStore(storeCtx),
        source,
        startedAtMs);
  }

  /** Processes the whole log from offset 0, each record produced when the task started. */
  void process(List<byte[]> log) {
    process(log, 0, log.size());
  }

  /**
   * Processes offsets {@code [from, to)} of the log, each record produced when the task started.
   */
  void process(List<byte[]> log, int from, int to) {
    for (int o = from; o < to; o++) {
      ctx.setRecordMetadata(TOPIC, 0, o);
      aggregator.process(new Record<>(new byte[0], log.get(o), startedAtMs));
    }
    nextOffset = to;
    collect();
  }

  /** Processes one record at the next offset, appended by the broker at {@code appendedAtMs}. */
  void process(byte[] value, long appendedAtMs) {
    ctx.setRecordMetadata(TOPIC, 0, nextOffset++);
    aggregator.process(new Record<>(new byte[0], value, appendedAtMs));
    collect();
  }

  /** The wall clock at {@code ms} after the start: punctuations run (idle advance, lookups). */
  void tickAt(long ms) {
    long now = startedAtMs + ms;
    ctx.setCurrentSystemTimeMs(now);
    ctx.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(now));
    collect();
  }

  private void collect() {
    ctx.forwarded().stream()
        .map(f -> f.record().value())
        .filter(v -> v instanceof AggregatorOutput.Partial p && p.group().region().equals("*"))
        .map(v -> (AggregatorOutput.Partial) v)
        .filter(p -> p.group().tier().equals("*") && p.component() == Component.E2E)
        .forEach(p -> closedCounts.add(p.stats().count()));
    ctx.resetForwards();
  }
}
