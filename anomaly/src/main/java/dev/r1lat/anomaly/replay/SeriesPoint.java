package dev.r1lat.anomaly.replay;

/** One row of a plain series: its time, its value and the timestamp text as it was written. */
public record SeriesPoint(long timestampMs, double value, String timestampText) {}
