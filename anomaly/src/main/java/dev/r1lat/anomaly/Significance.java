package dev.r1lat.anomaly;

/**
 * How surprising a count is under a Poisson model of its baseline, as the standard normal z with
 * the same one-sided tail probability. Lets the count detectors ask for the same confidence as the
 * latency detectors ({@code anomaly.confidence-z}) whatever a group's size: 5 errors among 60
 * requests at a 2 % baseline (expected 1.2) happen by chance about once in a hundred windows, 60
 * among 600 do not.
 */
final class Significance {
  private Significance() {}

  /** P(X >= k) for X ~ Poisson(lambda). */
  static double upperTail(long k, double lambda) {
    if (k <= 0) {
      return 1;
    }
    if (!(lambda > 0)) {
      return 0;
    }
    return Math.max(0, 1 - lowerTail(k - 1, lambda));
  }

  /** P(X <= k) for X ~ Poisson(lambda), summed in log space so large counts do not underflow. */
  static double lowerTail(long k, double lambda) {
    if (k < 0) {
      return 0;
    }
    if (!(lambda > 0)) {
      return 1;
    }
    double logPmf = -lambda; // log P(X = 0)
    double sum = Math.exp(logPmf);
    for (long i = 1; i <= k; i++) {
      logPmf += Math.log(lambda) - Math.log(i);
      sum += Math.exp(logPmf);
      if (i > lambda && Math.exp(logPmf) < 1e-17 * sum) {
        break; // the rest of the sum cannot change it
      }
    }
    return Math.min(1, sum);
  }

  /**
   * The smallest k with P(X >= k) <= alpha for X ~ Binomial(n, p), or n + 1 when even k = n is
   * likelier than alpha. Summed downwards in log space, exactly, from the first k whose whole upper
   * tail is below alpha * e^-40 ({@link #negligibleAbove}): the terms above it cannot move a sum
   * compared with alpha in double precision, and skipping them makes the cost grow with the
   * standard deviation instead of n (the detectors call this for every percentile of every row,
   * with n the requests of the window: summing from n was a per-request cost).
   */
  static long binomialUpperCritical(long n, double p, double alpha) {
    if (n <= 0 || !(p > 0)) {
      return 1; // no request can be above: P(X >= 1) = 0
    }
    if (p >= 1) {
      return n + 1;
    }
    double logAlpha = Math.log(alpha);
    long k = negligibleAbove(n, p, logAlpha);
    double logRatio = Math.log((1 - p) / p);
    double logPmf = logBinomialPmf(n, k, p);
    double logSum = Double.NEGATIVE_INFINITY;
    for (; k >= 0; k--) {
      double next = logAdd(logSum, logPmf);
      if (next > logAlpha) {
        return k + 1;
      }
      logSum = next;
      if (k > 0) {
        logPmf += Math.log(k) - Math.log(n - k + 1) + logRatio; // log P(X = k - 1)
      }
    }
    return 0;
  }

  /**
   * How far below alpha the skipped tail lies, in log units: e^-40 = 4e-18, below a double's ulp.
   */
  static final double NEGLIGIBLE_LOG_MARGIN = 40;

  /**
   * The smallest k (at least the mean, at most n) whose upper tail the Chernoff bound P(X >= k) <=
   * exp(-n D(k/n || p)) puts below alpha * e^-40; n when none does. D is the Kullback-Leibler
   * divergence of Bernoulli(k/n) from Bernoulli(p), increasing in k above the mean, so a binary
   * search finds it.
   */
  static long negligibleAbove(long n, double p, double logAlpha) {
    double target = -logAlpha + NEGLIGIBLE_LOG_MARGIN;
    long lo = Math.min(n, (long) Math.ceil(n * p));
    long hi = n;
    if (n * divergence((double) hi / n, p) < target) {
      return n;
    }
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (n * divergence((double) mid / n, p) >= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return hi;
  }

  /** D(a || p) for Bernoulli distributions, 0 <= a <= 1, 0 < p < 1. */
  private static double divergence(double a, double p) {
    double up = a == 0 ? 0 : a * Math.log(a / p);
    double down = a == 1 ? 0 : (1 - a) * Math.log((1 - a) / (1 - p));
    return up + down;
  }

  /** log P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
  static double logBinomialPmf(long n, long k, double p) {
    return logFactorial(n)
        - logFactorial(k)
        - logFactorial(n - k)
        + k * Math.log(p)
        + (n - k) * Math.log1p(-p);
  }

  private static final double[] LOG_FACTORIALS = new double[256];

  static {
    for (int i = 1; i < LOG_FACTORIALS.length; i++) {
      LOG_FACTORIALS[i] = LOG_FACTORIALS[i - 1] + Math.log(i);
    }
  }

  /** ln(m!): a table below 256, Stirling's series above (next term below 1e-20). */
  static double logFactorial(long m) {
    if (m < LOG_FACTORIALS.length) {
      return LOG_FACTORIALS[(int) m];
    }
    double x = m;
    double inv = 1 / x;
    double inv2 = inv * inv;
    return x * Math.log(x)
        - x
        + 0.5 * Math.log(2 * Math.PI * x)
        + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
  }

  private static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    double hi = Math.max(a, b);
    return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
  }

  /** One-sided standard normal tail beyond z: the probability a z-score rule accepts by chance. */
  static double normalTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  /** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
