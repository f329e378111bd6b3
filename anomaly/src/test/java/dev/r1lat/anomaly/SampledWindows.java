package dev.r1lat.anomaly;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Windows built from individual request latencies, with the whole distribution attached (exact
 * quantiles of the samples), as the streams app's stats carry a sketch. For tests of how the
 * detectors treat a percentile of few requests or of a bimodal distribution.
 */
final class SampledWindows {
  private final Random random;

  SampledWindows(long seed) {
    random = new Random(seed);
  }

  /** A draw from a lognormal around {@code medianMs}. */
  DoubleSupplier lognormal(double medianMs, double sigma) {
    return () -> medianMs * Math.exp(sigma * random.nextGaussian());
  }

  /** With probability {@code p} a draw from {@code a}, else from {@code b}. */
  DoubleSupplier mixture(double p, DoubleSupplier a, DoubleSupplier b) {
    return () -> random.nextDouble() < p ? a.getAsDouble() : b.getAsDouble();
  }

  WindowPoint window(long startMs, int n, DoubleSupplier latency) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = latency.getAsDouble();
    }
    return of(startMs, v);
  }

  /** A window of exactly these request latencies. */
  static WindowPoint of(long startMs, double... latencies) {
    double[] s = latencies.clone();
    Arrays.sort(s);
    WindowPoint.Quantiles q = p -> s[(int) Math.floor(p * (s.length - 1))];
    return new WindowPoint(
        startMs,
        startMs + SyntheticSeries.MINUTE,
        s.length,
        0,
        0,
        Double.NaN,
        q.at(0.5),
        q.at(0.9),
        q.at(0.95),
        q.at(0.99),
        q.at(0.999),
        q);
  }
}
