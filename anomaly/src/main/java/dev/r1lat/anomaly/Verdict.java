package dev.r1lat.anomaly;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;

/**
 * One detector's judgement of one window: whether it is bad, how bad, and the figures a human
 * needs. {@code extreme} opens an anomaly at once, without waiting for more bad windows. {@code
 * summary} reads like "ttft p99 4.1 s vs baseline 1.2 s (+240%)"; the engine adds where and for how
 * long.
 */
public record Verdict(
    AnomalyKind kind,
    String metric,
    boolean bad,
    boolean extreme,
    Severity severity,
    double observed,
    double baseline,
    double score,
    String summary) {

  /** The lifecycle slot: one anomaly at a time per kind and metric of a series. */
  public String slot() {
    return kind.name() + ":" + metric;
  }

  static Verdict good(AnomalyKind kind, String metric, double observed, double baseline, String s) {
    return new Verdict(kind, metric, false, false, Severity.INFO, observed, baseline, 0, s);
  }
}
