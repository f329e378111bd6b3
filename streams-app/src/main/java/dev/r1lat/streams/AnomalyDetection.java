package dev.r1lat.streams;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorState;
import dev.r1lat.anomaly.SeriesKey;
import dev.r1lat.anomaly.WindowPoint;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
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
 * <p>Order and silence. One merger task emits all windows of a series, in window order, so a
 * series' records arrive here in order; a gap between two of them is windows without requests, fed
 * to the detector as silent. A series that stops altogether gets no more records: once this task
 * has seen windows {@value #TRAILING_LAG_WINDOWS} minutes newer, and seen them for {@link #SETTLE}
 * of wall time (merger tasks run at their own pace), the series is told its trailing windows were
 * silent. Only then can traffic drops and silent regions be detected.
 */
final class AnomalyDetection
    implements Processor<String, LatencyWindowStats, String, LatencyAnomaly> {
  static final String STATE_STORE = "anomaly-detectors";
  static final int TRAILING_LAG_WINDOWS = 3;
  static final Duration SETTLE = Duration.ofSeconds(10);

  /** At most this many silent windows are filled in at once (after a long outage, for example). */
  private static final int MAX_SILENT_CATCH_UP = 120;

  private final AnomalyEngine engine;
  private final long windowMs;
  private ProcessorContext<String, LatencyAnomaly> ctx;
  private KeyValueStore<String, byte[]> states;

  /** Window starts seen by this task, with the wall time each was first seen. */
  private final TreeMap<Long, Long> firstSeenWall = new TreeMap<>();

  /**
   * Each series' last window start, so the trailing-silence check decodes only the states of series
   * that fell behind instead of every state every 5 s. Built from the store on the first check
   * after the task starts (the store is restored from its changelog; this index is not).
   */
  private final Map<String, Long> lastWindowByKey = new HashMap<>();

  private boolean indexed;

  AnomalyDetection(AnomalyEngine engine, long windowMs) {
    this.engine = engine;
    this.windowMs = windowMs;
  }

  @Override
  public void init(ProcessorContext<String, LatencyAnomaly> context) {
    this.ctx = context;
    this.states = context.getStateStore(STATE_STORE);
    context.schedule(Duration.ofSeconds(5), PunctuationType.WALL_CLOCK_TIME, this::fillTrailing);
  }

  @Override
  public void process(Record<String, LatencyWindowStats> record) {
    LatencyWindowStats stats = record.value();
    if (stats.getRevision() >= 1) {
      return; // a correction of late events: the first emission stays final for alerting
    }
    long now = ctx.currentSystemTimeMs();
    firstSeenWall.putIfAbsent(stats.getWindowStartMs(), now);
    while (firstSeenWall.size() > 4 * MAX_SILENT_CATCH_UP) {
      firstSeenWall.pollFirstEntry();
    }
    SeriesKey series = SeriesKey.of(stats);
    String key = series.stateKey();
    DetectorState state = load(key);
    fillSilent(series, state, stats.getWindowStartMs());
    emit(series, engine.onWindow(series, WindowPoint.of(stats), state, now));
    states.put(key, state.toBytes());
    lastWindowByKey.put(key, state.lastWindowStartMs());
  }

  /** Feeds the detector the silent windows after its last one and before {@code untilStart}. */
  private boolean fillSilent(SeriesKey series, DetectorState state, long untilStart) {
    if (state.windowsSeen() == 0) {
      return false; // a series is born with its first record; nothing before it was silent
    }
    long from =
        Math.max(state.lastWindowStartMs() + windowMs, untilStart - MAX_SILENT_CATCH_UP * windowMs);
    boolean any = false;
    for (long w = from; w < untilStart; w += windowMs) {
      emit(series, engine.onSilentWindow(series, w, state, ctx.currentSystemTimeMs()));
      any = true;
    }
    return any;
  }

  /** Trailing silence: see the class comment. */
  private void fillTrailing(long nowMs) {
    Long settled = null;
    for (Map.Entry<Long, Long> e : firstSeenWall.descendingMap().entrySet()) {
      if (nowMs - e.getValue() >= SETTLE.toMillis()) {
        settled = e.getKey();
        break;
      }
    }
    if (settled == null) {
      return;
    }
    long horizon = settled - (TRAILING_LAG_WINDOWS - 1) * windowMs; // windows before it are silent
    if (!indexed) {
      indexStore();
    }
    List<String> behind = new ArrayList<>();
    lastWindowByKey.forEach(
        (key, last) -> {
          if (last + windowMs < horizon) {
            behind.add(key);
          }
        });
    for (String key : behind) {
      DetectorState state = load(key);
      if (fillSilent(SeriesKey.fromStateKey(key), state, horizon)) {
        states.put(key, state.toBytes());
        lastWindowByKey.put(key, state.lastWindowStartMs());
      }
    }
  }

  private void indexStore() {
    try (KeyValueIterator<String, byte[]> it = states.all()) {
      it.forEachRemaining(
          kv -> lastWindowByKey.put(kv.key, DetectorState.fromBytes(kv.value).lastWindowStartMs()));
    }
    indexed = true;
  }

  /** Anomalies are keyed by group, like the statistics they come from. */
  private void emit(SeriesKey series, List<LatencyAnomaly> anomalies) {
    String group = series.group().kafkaKey();
    for (LatencyAnomaly a : anomalies) {
      ctx.forward(new Record<>(group, a, a.getWindowEndMs()));
    }
  }

  private DetectorState load(String key) {
    byte[] bytes = states.get(key);
    return bytes == null ? DetectorState.empty() : DetectorState.fromBytes(bytes);
  }
}
