package dev.r1lat.anomaly.replay;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.DetectorConfig.Transform;
import dev.r1lat.anomaly.DetectorState;
import dev.r1lat.anomaly.SeriesKey;
import dev.r1lat.anomaly.Verdict;
import dev.r1lat.anomaly.WindowPoint;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline replay of a plain value series through the same {@link AnomalyEngine} the streams app
 * runs: each point is one window whose value stands in for a latency percentile. A flagged point is
 * one where an anomaly OPENs (a detector that keeps ringing during one incident says it once), or,
 * with {@code everyBadPoint}, every point a detector judged bad.
 */
public final class SeriesReplay {
  private SeriesReplay() {}

  public record Detection(int index, SeriesPoint point, AnomalyKind kind, double score) {}

  /** Log for a positive series (latency-like: ratios matter), linear when it has 0 or below. */
  public static Transform autoTransform(List<SeriesPoint> points) {
    return points.stream().allMatch(p -> p.value() > 0) ? Transform.LOG : Transform.LINEAR;
  }

  public static List<Detection> run(
      List<SeriesPoint> points, DetectorConfig base, Transform transform, boolean everyBadPoint) {
    long spacing = CsvSeries.spacingMs(points);
    AnomalyEngine engine = new AnomalyEngine(base.forPlainSeries(spacing, transform));
    SeriesKey key = SeriesKey.of("replay", "*", "value");
    DetectorState state = DetectorState.empty();
    List<Detection> out = new ArrayList<>();
    long previousStart = Long.MIN_VALUE;
    for (int i = 0; i < points.size(); i++) {
      SeriesPoint p = points.get(i);
      // a repeated or backward timestamp still is the next point: place it just after the last
      long start = i == 0 ? p.timestampMs() : Math.max(p.timestampMs(), previousStart + 1);
      previousStart = start;
      WindowPoint w = WindowPoint.ofValue(start, start + spacing, p.value());
      AnomalyEngine.Result r = engine.evaluate(key, w, state, p.timestampMs());
      if (everyBadPoint) {
        for (Verdict v : r.verdicts()) {
          if (v.bad()) {
            out.add(new Detection(i, p, v.kind(), v.score()));
          }
        }
        continue;
      }
      for (LatencyAnomaly e : r.events()) {
        if (e.getState() == AnomalyState.OPEN) {
          out.add(new Detection(i, p, e.getKind(), scoreOf(r.verdicts(), e)));
        }
      }
    }
    return out;
  }

  private static double scoreOf(List<Verdict> verdicts, LatencyAnomaly e) {
    return verdicts.stream()
        .filter(v -> v.kind() == e.getKind() && v.metric().equals(e.getMetric()))
        .mapToDouble(Verdict::score)
        .findFirst()
        .orElse(0);
  }
}
