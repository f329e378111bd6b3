package dev.r1lat.streams;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;

/** Final statistics of a merged partial: percentiles read from the sketch, never averaged. */
final class WindowStatsFactory {
  private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};

  private WindowStatsFactory() {}

  static LatencyWindowStats build(AggregatorOutput.Partial p) {
    ComponentStats s = p.stats();
    DDSketch sketch = s.sketch();
    double[] q = sketch.getValuesAtQuantiles(QUANTILES);
    return LatencyWindowStats.newBuilder()
        .setWindowStartMs(p.windowStartMs())
        .setWindowEndMs(p.windowEndMs())
        .setRegion(p.group().region())
        .setTier(p.group().tier())
        .setDimensions(p.group().dimensions())
        .setComponent(p.component().id())
        .setCount(s.count())
        .setErrorCount(s.errors())
        .setSloThresholdMs(s.sloMs())
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
        .build();
  }
}
