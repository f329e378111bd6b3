package dev.r1lat.ingest.sim;

import dev.r1lat.schema.AnomalyKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fault scenarios the simulator can inject, each with the anomaly kind and components a
 * detector should report, the group it hits by default and its default magnitude. The default
 * groups are disjoint, so {@code all} injects every fault at once without one masking another.
 */
public enum FaultScenario {
  /** One region × tier: prefill and per-token decode time multiplied by the magnitude. */
  GPU_DEGRADATION(
      "gpu-degradation",
      AnomalyKind.BASELINE_REGRESSION,
      "us-east",
      "H100",
      2.5,
      0.5,
      0.7,
      List.of("prefill", "decode", "tpot", "itl_max", "ttft", "ttfo", "e2e"),
      "prefill and decode x%s on one region x tier (degraded GPUs / thermal throttling)"),
  /** One region, every tier: network times multiplied and a fixed delay added (ms = magnitude). */
  NETWORK_CONGESTION(
      "network-congestion",
      AnomalyKind.BASELINE_REGRESSION,
      "ap-south",
      "*",
      400,
      0.5,
      0.7,
      List.of("network", "ttft", "ttfo", "e2e"),
      "network in/out +%s ms and x2.5 in one region (congested links)"),
  /** One region × tier: utilization pinned near 1, queue waits multiplied by the magnitude. */
  QUEUE_SATURATION(
      "queue-saturation",
      AnomalyKind.SLO_BREACH,
      "eu-west",
      "A100",
      4,
      0.5,
      0.7,
      List.of("queue", "ttft", "ttfo", "e2e"),
      "scheduler saturated, queue waits explode (x%s on top of utilization 0.985)"),
  /** One region × tier: the error rate becomes the magnitude (a fraction). */
  ERROR_STORM(
      "error-storm",
      AnomalyKind.ERROR_SPIKE,
      "us-east",
      "L40S",
      0.30,
      0.5,
      0.7,
      List.of("e2e"),
      "error rate jumps to %s (engine crashes, NCCL timeouts)"),
  /** One region stops sending anything. */
  REGION_SILENT(
      "region-silent",
      AnomalyKind.TRAFFIC_DROP,
      "us-west",
      "*",
      0,
      0.5,
      0.7,
      List.of("e2e"),
      "region stops publishing (outage or broken publisher)%s"),
  /** One region × tier: decode time grows linearly from x1 to x magnitude over the window. */
  CREEPING_REGRESSION(
      "creeping-regression",
      AnomalyKind.BASELINE_REGRESSION,
      "eu-west",
      "H200",
      2.0,
      0.4,
      0.9,
      List.of("decode", "tpot", "itl_max", "ttfo", "e2e"),
      "decode time grows linearly to x%s (slow leak, creeping regression)"),
  /**
   * One region × tier: the questions get harder, reasoning tokens multiplied by the magnitude, the
   * serving speed unchanged. Not a fault of the fleet: latency rises, the latency index stays ~1.
   */
  MIX_SHIFT(
      "mix-shift",
      AnomalyKind.BASELINE_REGRESSION,
      "eu-west",
      "H100",
      2.0,
      0.5,
      0.7,
      List.of("decode", "ttfo", "e2e"),
      "reasoning tokens x%s on one region x tier (harder questions, same serving speed: latency"
          + " rises, the latency index stays ~1)");

  private final String id;
  private final AnomalyKind kind;
  private final String defaultRegion;
  private final String defaultTier;
  private final double defaultMagnitude;
  private final double defaultStartFraction;
  private final double defaultEndFraction;
  private final List<String> components;
  private final String descriptionFormat;

  FaultScenario(
      String id,
      AnomalyKind kind,
      String defaultRegion,
      String defaultTier,
      double defaultMagnitude,
      double defaultStartFraction,
      double defaultEndFraction,
      List<String> components,
      String descriptionFormat) {
    this.id = id;
    this.kind = kind;
    this.defaultRegion = defaultRegion;
    this.defaultTier = defaultTier;
    this.defaultMagnitude = defaultMagnitude;
    this.defaultStartFraction = defaultStartFraction;
    this.defaultEndFraction = defaultEndFraction;
    this.components = components;
    this.descriptionFormat = descriptionFormat;
  }

  /** The name used on the command line and in the ground-truth file, e.g. gpu-degradation. */
  public String id() {
    return id;
  }

  public AnomalyKind kind() {
    return kind;
  }

  public String defaultRegion() {
    return defaultRegion;
  }

  /** Default tier, or {@code *} for a region-wide fault. */
  public String defaultTier() {
    return defaultTier;
  }

  public double defaultMagnitude() {
    return defaultMagnitude;
  }

  /** Default start, as a fraction of the run (0.5 = midway). */
  public double defaultStartFraction() {
    return defaultStartFraction;
  }

  public double defaultEndFraction() {
    return defaultEndFraction;
  }

  /** Latency components (names as in LatencyWindowStats.component) the fault moves. */
  public List<String> components() {
    return components;
  }

  /** Whether the fault is region-wide by nature (no tier applies). */
  public boolean regionWide() {
    return this == NETWORK_CONGESTION || this == REGION_SILENT;
  }

  String describe(double magnitude) {
    String m =
        this == REGION_SILENT
            ? ""
            : (magnitude == Math.rint(magnitude)
                ? Long.toString((long) magnitude)
                : Double.toString(magnitude));
    return String.format(Locale.ROOT, descriptionFormat, m);
  }

  public static FaultScenario byId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(s -> s.id.equals(wanted) || s.name().equalsIgnoreCase(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown scenario '"
                        + id
                        + "'; known: all, "
                        + String.join(
                            ", ", Arrays.stream(values()).map(FaultScenario::id).toList())));
  }
}
