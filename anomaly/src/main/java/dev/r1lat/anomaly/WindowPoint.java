package dev.r1lat.anomaly;

import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;

/**
 * What the detector sees of one closed window of one series. {@code count == 0} is a silent window
 * (no request at all): latency fields are then NaN and only traffic detection uses it. {@code
 * sloThresholdMs} is NaN when the stats carried no SLO (then overSloCount means nothing). {@code
 * quantiles} is the window's whole distribution when the stats carry a sketch (null otherwise): it
 * lets a detector ask how sure a percentile is, see {@link #lowerBound}. The percentiles and the
 * distribution are those of the requests that succeeded (stats with an {@code okCount}; NaN when
 * none did), while {@code count} and {@code errorCount} count every request.
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
    double p999,
    Quantiles quantiles) {

  /** Any quantile of the window's latency distribution (q in [0, 1]). */
  @FunctionalInterface
  public interface Quantiles {
    double at(double q);

    /** Requests the distribution holds, when not the window's count (-1). */
    default long size() {
      return -1;
    }
  }

  /** A window known only by its percentiles (no distribution). */
  public WindowPoint(
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
    this(
        windowStartMs,
        windowEndMs,
        count,
        errorCount,
        overSloCount,
        sloThresholdMs,
        p50,
        p90,
        p95,
        p99,
        p999,
        null);
  }

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
        s.getP999(),
        sketchOf(s));
  }

  /** The stats' sketch, decoded on first use (most windows never need it). */
  private static Quantiles sketchOf(LatencyWindowStats s) {
    ByteBuffer buf = s.getSketch();
    if (buf == null || !buf.hasRemaining() || !LatencySketches.FORMAT.equals(s.getSketchFormat())) {
      return null;
    }
    byte[] bytes = new byte[buf.remaining()];
    buf.duplicate().get(bytes);
    // the sketch holds the OK requests only (okCount), or every request in rows without okCount
    long size = s.getOkCount() == null ? -1 : s.getOkCount();
    return new Quantiles() {
      private com.datadoghq.sketch.ddsketch.DDSketch sketch;

      @Override
      public double at(double q) {
        if (sketch == null) {
          sketch = LatencySketches.decode(bytes);
        }
        return LatencySketches.quantile(sketch, q);
      }

      @Override
      public long size() {
        return size;
      }
    };
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

  /**
   * A value the named percentile is above with confidence, given how few requests the window had:
   * the k-th largest request, with k the smallest count of requests above the true percentile that
   * happens by chance less often than a z-score of {@code z} (exact binomial). A p99 of 40 requests
   * is little more than their maximum, and a p50 of a bimodal distribution jumps between the modes
   * when a few requests change sides; their lower bounds do not. Without the distribution (plain
   * series, stats without a sketch) it is the percentile itself.
   */
  public double lowerBound(String metric, double z) {
    double v = metric(metric);
    double q = quantileOf(metric);
    long n = samples();
    if (quantiles == null || !(z > 0) || n <= 0 || !Double.isFinite(v) || Double.isNaN(q)) {
      return v;
    }
    long k = Significance.binomialUpperCritical(n, 1 - q, Significance.normalTail(z));
    if (k > n) {
      return 0; // too few requests to be sure of anything above zero
    }
    double rank = n == 1 ? 0 : (double) (n - k) / (n - 1);
    double bound = quantiles.at(Math.max(0, Math.min(1, rank)));
    return Double.isFinite(bound) ? Math.min(v, bound) : v;
  }

  /**
   * A value the named percentile is below with confidence: the k-th smallest request, with k the
   * smallest count of requests below the true percentile that happens by chance less often than a
   * z-score of {@code z}. With {@link #lowerBound}, the confidence interval of the percentile at
   * this window's request count; without the distribution, the percentile itself.
   */
  public double upperBound(String metric, double z) {
    double v = metric(metric);
    double q = quantileOf(metric);
    long n = samples();
    if (quantiles == null || !(z > 0) || n <= 0 || !Double.isFinite(v) || Double.isNaN(q)) {
      return v;
    }
    long k = Significance.binomialUpperCritical(n, q, Significance.normalTail(z));
    double rank = k > n || n == 1 ? 1 : (double) (k - 1) / (n - 1);
    double bound = quantiles.at(Math.max(0, Math.min(1, rank)));
    return Double.isFinite(bound) ? Math.max(v, bound) : v;
  }

  /** Requests behind the percentiles: the OK ones when the stats say so, else every request. */
  private long samples() {
    long size = quantiles == null ? -1 : quantiles.size();
    return size >= 0 ? size : count;
  }

  /** The quantile a percentile name stands for (p50 = 0.5, p999 = 0.999); NaN if unknown. */
  static double quantileOf(String name) {
    return switch (name) {
      case "p50" -> 0.5;
      case "p90" -> 0.9;
      case "p95" -> 0.95;
      case "p99" -> 0.99;
      case "p999" -> 0.999;
      default -> Double.NaN;
    };
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
