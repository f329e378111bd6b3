package dev.r1lat.bench.streams;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Heavy-tailed latency distributions (ms) that stress a quantile sketch like real LLM serving. */
public record LatencyModels(String name, ToDoubleFunction<SplittableRandom> sampler) {

  public static List<LatencyModels> all() {
    return List.of(
        new LatencyModels(
            "lognormal mix (97% ~800 ms, 3% ~5 s)",
            r ->
                r.nextDouble() < 0.97
                    ? lognormal(r, Math.log(800), 0.6)
                    : lognormal(r, Math.log(5_000), 0.8)),
        new LatencyModels(
            "bimodal cache hit (40% ~30 ms, 60% ~1.2 s)",
            r ->
                r.nextDouble() < 0.4
                    ? lognormal(r, Math.log(30), 0.3)
                    : lognormal(r, Math.log(1_200), 0.5)),
        new LatencyModels(
            "Pareto tail (alpha 1.2, from 100 ms)",
            r -> 100 * Math.pow(1 - r.nextDouble(), -1 / 1.2)));
  }

  public double sample(SplittableRandom r) {
    return sampler.applyAsDouble(r);
  }

  static double lognormal(SplittableRandom r, double mu, double sigma) {
    return Math.exp(mu + sigma * gaussian(r));
  }

  static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
