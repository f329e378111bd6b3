package dev.r1lat.anomaly.nab;

/** One labeled anomaly window, both ends inclusive, in epoch milliseconds (UTC). */
public record NabWindow(long startMs, long endMs) {
  public NabWindow {
    if (endMs < startMs) {
      throw new IllegalArgumentException("window ends before it starts");
    }
  }
}
