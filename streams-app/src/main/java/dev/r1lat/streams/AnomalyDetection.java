package dev.r1lat.streams;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorState;
import dev.r1lat.anomaly.SeriesKey;
import dev.r1lat.anomaly.WindowPoint;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the anomaly detectors on the final window statistics. The stats topic is keyed by group, so
 * every series of a group lives in one task, with its {@link DetectorState} in a changelogged
 * store: a restart resumes with the same baselines, no re-warm-up.
 *
 * <p>A series with no request in a window gets no statistics record, so silence is inferred: the
 * merger emits all records of window W before any of window W+1, hence the first record of a later
 * window means W is complete, and every known series that did not report in it is told so.
 */
final class AnomalyDetection
    implements Processor<String, LatencyWindowStats, String, LatencyAnomaly> {
  static final String STATE_STORE = "anomaly-detectors";
  private static final String PROGRESS_KEY = "\u0000latest-window";

  /** At most this many silent windows are filled in at once (after a long outage, for example). */
  private static final int MAX_SILENT_CATCH_UP = 120;

  private final AnomalyEngine engine;
  private final long windowMs;
  private ProcessorContext<String, LatencyAnomaly> ctx;
  private KeyValueStore<String, byte[]> states;
  private long latestWindowStart = Long.MIN_VALUE;

  AnomalyDetection(AnomalyEngine engine, long windowMs) {
    this.engine = engine;
    this.windowMs = windowMs;
  }

  @Override
  public void init(ProcessorContext<String, LatencyAnomaly> context) {
    this.ctx = context;
    this.states = context.getStateStore(STATE_STORE);
    byte[] latest = states.get(PROGRESS_KEY);
    if (latest != null) {
      latestWindowStart = java.nio.ByteBuffer.wrap(latest).getLong();
    }
  }

  @Override
  public void process(Record<String, LatencyWindowStats> record) {
    LatencyWindowStats stats = record.value();
    if (stats.getWindowStartMs() > latestWindowStart) {
      if (latestWindowStart != Long.MIN_VALUE) {
        fillSilentWindows(stats.getWindowStartMs());
      }
      latestWindowStart = stats.getWindowStartMs();
      states.put(PROGRESS_KEY, java.nio.ByteBuffer.allocate(8).putLong(latestWindowStart).array());
    }
    String key = storeKey(stats);
    DetectorState state = load(key);
    emit(
        engine.onWindow(
            SeriesKey.of(stats), WindowPoint.of(stats), state, ctx.currentSystemTimeMs()));
    states.put(key, state.toBytes());
  }

  /** Every known series without a record in the windows before {@code nextWindowStart}. */
  private void fillSilentWindows(long nextWindowStart) {
    List<KeyValue<String, byte[]>> series = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = states.all()) {
      it.forEachRemaining(
          kv -> {
            if (!kv.key.equals(PROGRESS_KEY)) {
              series.add(kv);
            }
          });
    }
    for (KeyValue<String, byte[]> kv : series) {
      DetectorState state = DetectorState.fromBytes(kv.value);
      long from =
          Math.max(
              state.lastWindowStartMs() + windowMs,
              nextWindowStart - MAX_SILENT_CATCH_UP * windowMs);
      boolean changed = false;
      for (long w = from; w < nextWindowStart; w += windowMs) {
        emit(engine.onSilentWindow(seriesKey(kv.key), w, state, ctx.currentSystemTimeMs()));
        changed = true;
      }
      if (changed) {
        states.put(kv.key, state.toBytes());
      }
    }
  }

  private void emit(List<LatencyAnomaly> anomalies) {
    for (LatencyAnomaly a : anomalies) {
      String group =
          new GroupKey(a.getRegion(), a.getTier(), a.getDimensions().get("model")).asKey();
      ctx.forward(new Record<>(group, a, a.getWindowEndMs()));
    }
  }

  private DetectorState load(String key) {
    byte[] bytes = states.get(key);
    return bytes == null ? DetectorState.empty() : DetectorState.fromBytes(bytes);
  }

  private static String storeKey(LatencyWindowStats s) {
    return new GroupKey(s.getRegion(), s.getTier(), s.getDimensions().get("model")).asKey()
        + "#"
        + s.getComponent();
  }

  private static SeriesKey seriesKey(String storeKey) {
    int hash = storeKey.lastIndexOf('#');
    GroupKey g = GroupKey.parse(storeKey.substring(0, hash));
    Map<String, String> dims = g.model() == null ? Map.of() : Map.of("model", g.model());
    return new SeriesKey(g.region(), g.tier(), dims, storeKey.substring(hash + 1));
  }
}
