package dev.r1lat.anomaly;

import java.util.Locale;

/** Formats figures the way an on-call engineer reads them: 850 ms, 4.1 s, +240%, 12.5%. */
final class Reasons {
  private Reasons() {}

  static String latency(double ms) {
    if (Double.isNaN(ms)) {
      return "n/a";
    }
    if (Math.abs(ms) < 1) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    }
    if (Math.abs(ms) < 1000) {
      return String.format(Locale.ROOT, "%.0f ms", ms);
    }
    if (Math.abs(ms) < 120_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
    return String.format(Locale.ROOT, "%.1f min", ms / 60_000);
  }

  /** Signed relative change, e.g. +240% or -35%. */
  static String change(double observed, double baseline) {
    if (Double.isNaN(baseline) || baseline == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%+.0f%%", 100 * (observed - baseline) / Math.abs(baseline));
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  static String number(double v) {
    return Math.abs(v) >= 100 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  static String windows(int n) {
    return n == 1 ? "1 window" : n + " windows";
  }
}
