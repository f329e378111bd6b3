package dev.r1lat.anomaly;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** Feeds windows of one series to an engine minute by minute and keeps every event it emits. */
final class Feed {
  static final SeriesKey EU_H100_TTFT = SeriesKey.of("eu-west", "H100", "ttft");
  static final SeriesKey EU_H100_E2E = SeriesKey.of("eu-west", "H100", "e2e");

  final AnomalyEngine engine;
  final SeriesKey key;
  DetectorState state = DetectorState.empty();
  long nextStartMs = SyntheticSeries.T0;
  final List<LatencyAnomaly> events = new ArrayList<>();

  Feed(AnomalyEngine engine, SeriesKey key) {
    this.engine = engine;
    this.key = key;
  }

  static Feed of(SeriesKey key) {
    return new Feed(new AnomalyEngine(DetectorConfig.defaults()), key);
  }

  /** Runs {@code minutes} windows made by {@code window} (given each window start). */
  Feed minutes(long minutes, LongFunction<WindowPoint> window) {
    for (long i = 0; i < minutes; i++) {
      events.addAll(engine.onWindow(key, window.apply(nextStartMs), state, nextStartMs + 70_000));
      nextStartMs += SyntheticSeries.MINUTE;
    }
    return this;
  }

  Feed silentMinutes(long minutes) {
    for (long i = 0; i < minutes; i++) {
      events.addAll(engine.onSilentWindow(key, nextStartMs, state, nextStartMs + 70_000));
      nextStartMs += SyntheticSeries.MINUTE;
    }
    return this;
  }

  List<LatencyAnomaly> of(AnomalyKind kind) {
    return events.stream().filter(e -> e.getKind() == kind).toList();
  }

  List<LatencyAnomaly> of(AnomalyKind kind, AnomalyState state) {
    return of(kind).stream().filter(e -> e.getState() == state).toList();
  }
}
