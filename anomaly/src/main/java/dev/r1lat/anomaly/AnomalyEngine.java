package dev.r1lat.anomaly;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The detector the streams app calls once per closed window of one (group, component) series, in
 * window order, including windows in which the series had no request ({@link #onSilentWindow}), so
 * traffic drops are seen. It reads and updates the series' {@link DetectorState} in place and
 * returns the lifecycle events (OPEN, UPDATE, RESOLVED) that window causes. Deterministic: the same
 * windows and states give the same events; it reads no clock ({@code nowMs} only stamps events).
 *
 * <p>A window at or before the last one fed is ignored (empty result, state untouched), so
 * re-delivered windows after a restart do not double count.
 */
public final class AnomalyEngine {
  private final DetectorConfig config;
  private final List<Detector> detectors;

  /** The events of one window and every detector's verdict on it (replay and tests use these). */
  public record Result(List<LatencyAnomaly> events, List<Verdict> verdicts) {
    static final Result NONE = new Result(List.of(), List.of());
  }

  public AnomalyEngine(DetectorConfig config) {
    this.config = config;
    this.detectors =
        List.of(
            new SloBreachDetector(
                config.slo(), config.baseline().minCount(), config.baseline().confidenceZ()),
            new BaselineRegressionDetector(config.baseline(), config.windowMs()),
            new ErrorSpikeDetector(config.errors(), config.baseline().confidenceZ()),
            new TrafficDropDetector(config.traffic(), config.baseline().confidenceZ()),
            new BurnRateDetector(config.burn(), config.windowMs()));
  }

  public DetectorConfig config() {
    return config;
  }

  public List<LatencyAnomaly> onWindow(
      SeriesKey key, WindowPoint point, DetectorState state, long nowMs) {
    return evaluate(key, point, state, nowMs).events();
  }

  /** The series had no request in this window (the window closed with nothing for it). */
  public List<LatencyAnomaly> onSilentWindow(
      SeriesKey key, long windowStartMs, DetectorState state, long nowMs) {
    return onWindow(
        key, WindowPoint.silent(windowStartMs, windowStartMs + config.windowMs()), state, nowMs);
  }

  public Result evaluate(SeriesKey key, WindowPoint point, DetectorState state, long nowMs) {
    if (point.windowStartMs() <= state.lastWindowStartMs()) {
      return Result.NONE;
    }
    state
        .counts()
        .record(
            Math.floorDiv(point.windowStartMs(), config.windowMs()),
            point.count(),
            point.errorCount(),
            point.overSloCount());
    List<Verdict> verdicts = new ArrayList<>();
    for (Detector d : detectors) {
      verdicts.addAll(d.evaluate(key, point, state));
    }
    List<LatencyAnomaly> events = new ArrayList<>();
    for (Verdict v : verdicts) {
      LifecycleTracker tracker = state.tracker(v.slot());
      Optional<AnomalyState> transition =
          tracker.step(v, key.canonical(), point.windowStartMs(), config.lifecycle());
      transition.ifPresent(s -> events.add(event(key, point, v, tracker, s, nowMs)));
    }
    state.advance(point.windowStartMs());
    return new Result(List.copyOf(events), List.copyOf(verdicts));
  }

  private static LatencyAnomaly event(
      SeriesKey key, WindowPoint p, Verdict v, LifecycleTracker t, AnomalyState state, long nowMs) {
    String where = " in " + key.groupLabel();
    String reason =
        state == AnomalyState.RESOLVED
            ? "resolved after " + Reasons.windows(t.badWindows()) + ": " + v.summary() + where
            : v.summary() + where + " for " + Reasons.windows(t.badWindows());
    return LatencyAnomaly.newBuilder()
        .setAnomalyId(t.anomalyId())
        .setKind(v.kind())
        .setState(state)
        .setRegion(key.region())
        .setTier(key.tier())
        .setDimensions(key.dimensions())
        .setComponent(key.component())
        .setMetric(v.metric())
        .setObserved(Double.isFinite(v.observed()) ? v.observed() : 0)
        .setBaseline(Double.isFinite(v.baseline()) ? v.baseline() : null)
        .setSeverity(t.severity())
        .setWindowStartMs(p.windowStartMs())
        .setWindowEndMs(p.windowEndMs())
        .setDetectedAtMs(nowMs)
        .setReason(reason)
        .build();
  }
}
