package dev.r1lat.streams;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;

/**
 * Final statistics of a merged partial: percentiles read from the sketch, never averaged. The
 * percentiles, mean, max and sketch describe the requests that succeeded (NaN when none did);
 * {@code failedSketch} holds the others' values, so sketch + failedSketch is every request.
 */
final class WindowStatsFactory {
  private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

  private WindowStatsFactory() {}

  /** A window's first emission (revision 0). */
  static LatencyWindowStats build(AggregatorOutput.Partial p) {
    return build(p, 0);
  }

  /** A window's row; {@code revision} >= 1 marks a correction holding only late events. */
  static LatencyWindowStats build(AggregatorOutput.Partial p, int revision) {
    ComponentStats s = p.stats();
    DDSketch sketch = s.sketch();
    double[] q = quantiles(sketch);
    DDSketch failed = s.failedSketch();
    return LatencyWindowStats.newBuilder()
        .setWindowStartMs(p.windowStartMs())
        .setWindowEndMs(p.windowEndMs())
        .setRegion(p.group().region())
        .setTier(p.group().tier())
        .setDimensions(p.group().dimensions())
        .setComponent(p.component().id())
        .setRevision(revision)
        .setCount(s.count())
        .setErrorCount(s.errors())
        .setOkCount(s.okCount())
        .setTimeoutCount(s.timeouts())
        .setCancelledCount(s.cancelled())
        .setGoodCount(s.good())
        .setSloThresholdMs(Double.isNaN(s.sloMs()) ? null : s.sloMs())
        .setOverSloCount(s.overSlo())
        .setP50(q[0])
        .setP90(q[1])
        .setP95(q[2])
        .setP99(q[3])
        .setP999(q[4])
        .setMean(s.mean())
        .setMax(s.max())
        .setSketch(ByteBuffer.wrap(LatencySketches.encode(sketch)))
        .setSketchFormat(LatencySketches.FORMAT)
        .setFailedSketch(
            ByteBuffer.wrap(failed == null ? new byte[0] : LatencySketches.encode(failed)))
        .build();
  }

  private static double[] quantiles(DDSketch sketch) {
    if (sketch.isEmpty()) {
      double[] none = new double[QUANTILES.length];
      java.util.Arrays.fill(none, Double.NaN);
      return none;
    }
    return sketch.getValuesAtQuantiles(QUANTILES);
  }
}
