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
   * likelier than alpha. Summed from k = n down in log space (exact for any n, no approximation).
   */
  static long binomialUpperCritical(long n, double p, double alpha) {
    if (n <= 0 || !(p > 0)) {
      return 1; // no request can be above: P(X >= 1) = 0
    }
    if (p >= 1) {
      return n + 1;
    }
    double logRatio = Math.log((1 - p) / p);
    double logPmf = n * Math.log(p); // log P(X = n)
    double logSum = Double.NEGATIVE_INFINITY;
    double logAlpha = Math.log(alpha);
    for (long k = n; k >= 0; k--) {
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
