package dev.r1lat.streams;

import dev.r1lat.schema.LatencyWindowStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2: merges the partials of every input partition for one window × group × component and
 * emits the final statistics once every input partition's watermark has passed the window end: only
 * then can no more partials for that window arrive. One record per window × group × component,
 * never an update. State lives in changelogged RocksDB stores (a few records per group per minute),
 * so a restart resumes exactly.
 */
final class StatsMerger implements Processor<byte[], AggregatorOutput, String, LatencyWindowStats> {
  static final String PARTIALS_STORE = "merger-partials";
  static final String WATERMARKS_STORE = "merger-watermarks";

  private final PipelineMetrics metrics;
  private ProcessorContext<String, LatencyWindowStats> ctx;
  private KeyValueStore<Bytes, byte[]> partials;
  private KeyValueStore<Integer, Long> watermarks;

  StatsMerger(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, LatencyWindowStats> context) {
    this.ctx = context;
    this.partials = context.getStateStore(PARTIALS_STORE);
    this.watermarks = context.getStateStore(WATERMARKS_STORE);
  }

  @Override
  public void process(Record<byte[], AggregatorOutput> record) {
    if (record.value() instanceof AggregatorOutput.Partial p) {
      merge(p);
    } else if (record.value() instanceof AggregatorOutput.Watermark w) {
      advance(w);
    }
  }

  private void merge(AggregatorOutput.Partial p) {
    Bytes key = storeKey(p);
    byte[] existing = partials.get(key);
    if (existing != null) {
      AggregatorOutput.Partial before =
          (AggregatorOutput.Partial) AggregatorOutput.WireSerde.decode(existing);
      before.stats().merge(p.stats());
      p = before;
    }
    partials.put(key, AggregatorOutput.WireSerde.encode(p));
  }

  /** Keys sort by window start first (big-endian, non-negative), so closed windows are a prefix. */
  private static Bytes storeKey(AggregatorOutput.Partial p) {
    byte[] rest = p.series().partitionKey().getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(8 + rest.length).putLong(p.windowStartMs()).put(rest).array());
  }

  private void advance(AggregatorOutput.Watermark w) {
    Long before = watermarks.get(w.sourcePartition());
    if (before != null && before >= w.closedUpToMs()) {
      return;
    }
    watermarks.put(w.sourcePartition(), w.closedUpToMs());
    long complete = Long.MAX_VALUE;
    for (int p = 0; p < w.partitionCount(); p++) {
      Long mark = watermarks.get(p);
      if (mark == null) {
        return; // a partition has not reported yet: no window is known to be complete
      }
      complete = Math.min(complete, mark);
    }
    emitComplete(complete);
  }

  private void emitComplete(long completeUpToMs) {
    List<Bytes> done = new ArrayList<>();
    Bytes from = Bytes.wrap(ByteBuffer.allocate(8).putLong(0).array());
    try (KeyValueIterator<Bytes, byte[]> it = partials.range(from, null)) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        AggregatorOutput.Partial p =
            (AggregatorOutput.Partial) AggregatorOutput.WireSerde.decode(kv.value);
        if (p.windowEndMs() > completeUpToMs) {
          break;
        }
        if (p.stats().count() > 0) { // else only good counts of requests without this component
          ctx.forward(
              new Record<>(p.group().kafkaKey(), WindowStatsFactory.build(p), p.windowEndMs()));
          metrics.recordStatsOut();
        }
        done.add(kv.key);
      }
    }
    done.forEach(partials::delete);
  }
}
