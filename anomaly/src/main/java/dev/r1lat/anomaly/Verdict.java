package dev.r1lat.anomaly;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.Severity;

/**
 * One detector's judgement of one window: whether it is bad, how bad, and the figures a human
 * needs. {@code extreme} opens an anomaly at once, without waiting for more bad windows. {@code
 * summary} reads like "ttft p99 4.1 s vs baseline 1.2 s (+240%)"; the engine adds where and for how
 * long.
 *
 * <p>{@code noData}: the window could not have shown the condition even if it were there (no
 * requests, too few to score): it is neither good nor bad, so it neither resolves an open anomaly
 * nor counts toward opening one. {@code novel}: a bad window beyond what the series ordinarily
 * reaches; only a novel window opens an anomaly, while any bad window keeps an open one open.
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
    String summary,
    boolean noData,
    boolean novel) {

  /** A window with data; a bad one is novel (may open an anomaly). */
  public Verdict(
      AnomalyKind kind,
      String metric,
      boolean bad,
      boolean extreme,
      Severity severity,
      double observed,
      double baseline,
      double score,
      String summary) {
    this(kind, metric, bad, extreme, severity, observed, baseline, score, summary, false, true);
  }

  /** The lifecycle slot: one anomaly at a time per kind and metric of a series. */
  public String slot() {
    return kind.name() + ":" + metric;
  }

  /** This bad window is within what the series ordinarily reaches: it opens nothing. */
  Verdict ordinary() {
    return new Verdict(
        kind, metric, bad, extreme, severity, observed, baseline, score, summary, noData, false);
  }

  static Verdict good(AnomalyKind kind, String metric, double observed, double baseline, String s) {
    return new Verdict(kind, metric, false, false, Severity.INFO, observed, baseline, 0, s);
  }

  static Verdict noData(AnomalyKind kind, String metric, double observed, String s) {
    return new Verdict(
        kind, metric, false, false, Severity.INFO, observed, Double.NaN, 0, s, true, false);
  }
}
