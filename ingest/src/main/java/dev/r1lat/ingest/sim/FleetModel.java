package dev.r1lat.ingest.sim;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated fleet looks like: regions (traffic share, network round trip, time zone for
 * the diurnal curve), hardware tiers (prefill throughput, per-token decode time, batch capacity)
 * and models (speed relative to the tier's reference, R1-style reasoning length distribution, which
 * tiers serve them). Immutable; {@link #defaults()} is a plausible R1 fleet.
 *
 * @param diurnalAmplitude load swings by ±amplitude around its mean over a local day (peak 15:00)
 * @param peakUtilization scheduler utilization at a region's daily peak; queueing grows with it
 */
public record FleetModel(
    List<Region> regions,
    List<Tier> tiers,
    List<Model> models,
    double diurnalAmplitude,
    double peakUtilization,
    double promptCacheHitRate,
    double responseCacheHitRate,
    double baseErrorRate,
    double cancelRate) {

  /**
   * A serving region.
   *
   * @param share fraction of fleet traffic (shares are normalized)
   * @param rttMs median client round-trip time
   * @param utcOffsetHours where the region's day is, for the diurnal curve
   */
  public record Region(String name, double share, double rttMs, double utcOffsetHours) {}

  /**
   * A hardware tier, with speeds for the reference model (deepseek-r1).
   *
   * @param prefillTokensPerSec prompt tokens processed per second by one request's prefill
   * @param decodeMsPerToken time per output token at light load
   * @param maxBatch running batch size at saturation
   * @param serversPerRegion servers of this tier in each region (server ids)
   */
  public record Tier(
      String name,
      double share,
      double prefillTokensPerSec,
      double decodeMsPerToken,
      int maxBatch,
      int serversPerRegion) {}

  /**
   * A served model.
   *
   * @param prefillSpeedup prefill throughput relative to the tier reference (2 = twice as fast)
   * @param decodeTimeFactor per-token time relative to the tier reference (0.5 = half the time)
   * @param reasoningMedian median tokens in the think block (lognormal body)
   * @param reasoningSigma lognormal sigma of the think block length
   * @param reasoningTailProbability probability that the length comes from a Pareto tail instead
   * @param reasoningTailMin Pareto scale (minimum) of the tail
   * @param reasoningTailAlpha Pareto shape of the tail (smaller = heavier)
   * @param quantizationByTier weights precision per tier; the model runs only on these tiers
   */
  public record Model(
      String name,
      String shortName,
      double share,
      double prefillSpeedup,
      double decodeTimeFactor,
      double reasoningMedian,
      double reasoningSigma,
      double reasoningTailProbability,
      double reasoningTailMin,
      double reasoningTailAlpha,
      double answerMedian,
      double answerSigma,
      Map<String, String> quantizationByTier) {
    public Model {
      quantizationByTier = Map.copyOf(quantizationByTier);
    }

    public Set<String> tiers() {
      return quantizationByTier.keySet();
    }
  }

  public FleetModel {
    regions = List.copyOf(regions);
    tiers = List.copyOf(tiers);
    models = List.copyOf(models);
    if (regions.isEmpty() || tiers.isEmpty() || models.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one region, tier and model");
    }
    for (Tier t : tiers) {
      if (models.stream().noneMatch(m -> m.tiers().contains(t.name()))) {
        throw new IllegalArgumentException("no model runs on tier " + t.name());
      }
    }
    if (diurnalAmplitude < 0 || diurnalAmplitude >= 1) {
      throw new IllegalArgumentException("diurnalAmplitude must be in [0, 1)");
    }
    if (peakUtilization <= 0 || peakUtilization >= 1) {
      throw new IllegalArgumentException("peakUtilization must be in (0, 1)");
    }
  }

  public static FleetModel defaults() {
    return new FleetModel(
        List.of(
            new Region("us-east", 0.36, 24, -5),
            new Region("eu-west", 0.30, 38, 1),
            new Region("ap-south", 0.20, 95, 5.5),
            new Region("us-west", 0.14, 31, -8)),
        List.of(
            new Tier("H200", 0.20, 14_000, 20, 64, 8),
            new Tier("H100", 0.40, 9_000, 27, 48, 16),
            new Tier("A100", 0.28, 4_500, 44, 32, 12),
            new Tier("L40S", 0.12, 2_600, 62, 16, 8)),
        List.of(
            new Model(
                "deepseek-r1",
                "r1",
                0.70,
                1.0,
                1.0,
                1_500,
                0.85,
                0.06,
                6_000,
                1.6,
                420,
                0.7,
                Map.of("H200", "fp8", "H100", "fp8", "A100", "int4")),
            new Model(
                "deepseek-r1-distill-qwen-32b",
                "qwen32b",
                0.30,
                2.4,
                0.45,
                900,
                0.8,
                0.04,
                4_000,
                1.8,
                350,
                0.7,
                Map.of("H200", "bf16", "H100", "bf16", "A100", "bf16", "L40S", "fp8"))),
        0.35,
        0.85,
        0.40,
        0.05,
        0.002,
        0.003);
  }

  public Region region(String name) {
    return regions.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown region " + name));
  }

  public Tier tier(String name) {
    return tiers.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown tier " + name));
  }

  /** Diurnal load factor of a region at an instant: 1 on average, peak 1+A at 15:00 local. */
  public double diurnalFactor(Region region, long epochMs) {
    double hourUtc = (epochMs % 86_400_000L) / 3_600_000.0;
    double local = hourUtc + region.utcOffsetHours();
    return 1 + diurnalAmplitude * StrictMath.cos(2 * Math.PI * (local - 15) / 24);
  }

  /** Scheduler utilization of a region at an instant (capacity is provisioned for the peak). */
  public double utilization(Region region, long epochMs) {
    return peakUtilization * diurnalFactor(region, epochMs) / (1 + diurnalAmplitude);
  }
}
