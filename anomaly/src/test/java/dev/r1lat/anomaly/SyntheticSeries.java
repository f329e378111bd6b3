package dev.r1lat.anomaly;

import java.util.Random;

/**
 * A seeded, synthetic 1-minute stats series of one group and component: log-normal percentile noise
 * around a level, an optional daily swing, Poisson-like request counts, a small error rate. Faults
 * are applied by the test as factors on this healthy shape.
 */
final class SyntheticSeries {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private final Random random;
  double p50Ms = 300;
  double p99Ms = 1200;
  double logNoise = 0.08;
  double requestsPerMinute = 200;
  double errorRate = 0.005;
  double overSloRate = 0.002;
  double sloThresholdMs = Double.NaN;
  double dailySwing = 0;

  private SyntheticSeries(long seed) {
    random = new Random(seed);
  }

  static SyntheticSeries healthy(long seed) {
    return new SyntheticSeries(seed);
  }

  SyntheticSeries withDailySwing(double swing) {
    dailySwing = swing;
    return this;
  }

  SyntheticSeries withSlo(double thresholdMs, double overRate) {
    sloThresholdMs = thresholdMs;
    overSloRate = overRate;
    return this;
  }

  static long minutesAfter(long t, long minutes) {
    return t + minutes * MINUTE;
  }

  /** One healthy window; the latency factor and request factor are the fault, 1.0 when healthy. */
  WindowPoint window(long startMs, double latencyFactor, double requestFactor, double errRate) {
    double day = Math.sin(2 * Math.PI * (startMs % DAY) / DAY);
    double seasonal = Math.exp(dailySwing * day);
    long count =
        Math.round(
            requestsPerMinute * requestFactor * (1 + 0.5 * dailySwing * day)
                + Math.sqrt(requestsPerMinute) * random.nextGaussian());
    count = Math.max(0, count);
    if (count == 0) {
      return WindowPoint.silent(startMs, startMs + MINUTE);
    }
    long errors = binomial(count, errRate);
    long over = binomial(count, overSloRate);
    double p50 = p50Ms * seasonal * latencyFactor * Math.exp(logNoise * random.nextGaussian());
    double p99 = p99Ms * seasonal * latencyFactor * Math.exp(logNoise * random.nextGaussian());
    return new WindowPoint(
        startMs,
        startMs + MINUTE,
        count,
        errors,
        over,
        sloThresholdMs,
        p50,
        p50 * 1.6,
        p50 * 2.2,
        Math.max(p99, p50),
        Math.max(p99, p50) * 1.3);
  }

  /** A window exactly {@code latencyFactor} times the healthy level, without noise. */
  WindowPoint exactWindow(long startMs, double latencyFactor) {
    double p50 = p50Ms * latencyFactor;
    double p99 = p99Ms * latencyFactor;
    long count = Math.round(requestsPerMinute);
    return new WindowPoint(
        startMs, startMs + MINUTE, count, 0, 0, sloThresholdMs, p50, p50, p50, p99, p99);
  }

  WindowPoint healthyWindow(long startMs) {
    return window(startMs, 1, 1, errorRate);
  }

  private long binomial(long n, double p) {
    if (p <= 0) {
      return 0;
    }
    double mean = n * p;
    long k = Math.round(mean + Math.sqrt(mean * (1 - p)) * random.nextGaussian());
    return Math.max(0, Math.min(n, k));
  }
}
