package dev.r1lat.anomaly;

import dev.r1lat.schema.LatencyWindowStats;

/**
 * What the detector sees of one closed window of one series. {@code count == 0} is a silent window
 * (no request at all): latency fields are then NaN and only traffic detection uses it. {@code
 * sloThresholdMs} is NaN when the stats carried no SLO (then overSloCount means nothing).
 */
public record WindowPoint(
    long windowStartMs,
    long windowEndMs,
    long count,
    long errorCount,
    long overSloCount,
    double sloThresholdMs,
    double p50,
    double p90,
    double p95,
    double p99,
    double p999) {

  public WindowPoint {
    if (windowEndMs <= windowStartMs) {
      throw new IllegalArgumentException(
          "window end " + windowEndMs + " is not after its start " + windowStartMs);
    }
    if (count < 0 || errorCount < 0 || overSloCount < 0) {
      throw new IllegalArgumentException("negative count in window " + windowStartMs);
    }
  }

  public static WindowPoint of(LatencyWindowStats s) {
    Double slo = s.getSloThresholdMs();
    return new WindowPoint(
        s.getWindowStartMs(),
        s.getWindowEndMs(),
        s.getCount(),
        s.getErrorCount(),
        s.getOverSloCount(),
        slo == null ? Double.NaN : slo,
        s.getP50(),
        s.getP90(),
        s.getP95(),
        s.getP99(),
        s.getP999());
  }

  /** A window in which the series had no request (the streams app knows the window closed). */
  public static WindowPoint silent(long windowStartMs, long windowEndMs) {
    double nan = Double.NaN;
    return new WindowPoint(windowStartMs, windowEndMs, 0, 0, 0, nan, nan, nan, nan, nan, nan);
  }

  /** A single-valued point, as in offline replay of a plain {@code timestamp,value} series. */
  public static WindowPoint ofValue(long startMs, long endMs, double value) {
    return new WindowPoint(startMs, endMs, 1, 0, 0, Double.NaN, value, value, value, value, value);
  }

  public boolean hasSlo() {
    return !Double.isNaN(sloThresholdMs);
  }

  /** The named percentile (p50, p90, p95, p99, p999); NaN for an unknown name. */
  public double metric(String name) {
    return switch (name) {
      case "p50" -> p50;
      case "p90" -> p90;
      case "p95" -> p95;
      case "p99" -> p99;
      case "p999" -> p999;
      default -> Double.NaN;
    };
  }
}
