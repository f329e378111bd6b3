package dev.r1lat.ingest.sim;

/**
 * Phase boundaries from arrival (a1 end of network in, a2 of queue, a3 of preprocessing, a4 of
 * prefill, a5 first token); output token k (1-based) leaves at a5 + (k-1)·tpot, plus the stall
 * after token stallAfter.
 */
record Timeline(
    double a1,
    double a2,
    double a3,
    double a4,
    double a5,
    double tpot,
    double stall,
    int stallAfter,
    int total) {
  double tokenTime(int k) {
    return a5 + (k - 1) * tpot + (stall > 0 && k > stallAfter ? stall : 0);
  }

  int tokensBy(double t) {
    if (t < a5) {
      return 0;
    }
    int k = 1 + (int) Math.floor((t - a5) / tpot);
    if (stall > 0 && k > stallAfter) {
      k = Math.max(stallAfter, 1 + (int) Math.floor((t - a5 - stall) / tpot));
    }
    return Math.min(k, total);
  }
}
