package dev.r1lat.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The freshness bench's table: append -> readable, beside the window + grace lower bound. */
final class FreshnessReport {
  private static final long MINUTE = 60_000;
  private static final String ROW = "%-44s %8.1f %8.1f %8.1f%n";

  private final List<Long> measured = new ArrayList<>();
  private final List<Long> inKafka = new ArrayList<>();
  private final List<Long> bound = new ArrayList<>();
  private final int acked;
  private final int windowsVisible;
  private final long grace;
  private int missing;

  /**
   * @param acked (window start, ack time) per acknowledged event
   * @param visibleAt window start -> when its row became queryable
   * @param inKafkaAt window start -> when its final stats were read from Kafka
   */
  FreshnessReport(
      List<long[]> acked, Map<Long, Long> visibleAt, Map<Long, Long> inKafkaAt, long grace) {
    this.acked = acked.size();
    this.windowsVisible = visibleAt.size();
    this.grace = grace;
    for (long[] a : acked) {
      Long visible = visibleAt.get(a[0]);
      if (visible == null) {
        missing++;
        continue;
      }
      measured.add(visible - a[1]);
      bound.add(a[0] + MINUTE + grace - a[1]);
      Long kafka = inKafkaAt.get(a[0]);
      if (kafka != null) {
        inKafka.add(kafka - a[1]);
      }
    }
  }

  void print(PrintStream out) {
    out.printf(
        "%nevents: %,d acknowledged, %d windows visible, %,d events in windows never seen%n",
        acked, windowsVisible, missing);
    out.printf("%-44s %8s %8s %8s%n", "append -> window row queryable (s)", "p50", "p99", "max");
    row(out, "lower bound: window end + grace - append", bound);
    row(out, "final stats readable in Kafka (streams app)", inKafka);
    row(out, "row queryable (streams app + sink + ClickHouse)", measured);
    out.printf("target: p99 <= window + grace + 5 s = %.0f s%n", (MINUTE + grace + 5_000) / 1e3);
  }

  private static void row(PrintStream out, String label, List<Long> values) {
    out.printf(ROW, label, q(values, 0.5), q(values, 0.99), q(values, 1.0));
  }

  /** The order statistic at {@code quantile} (floor rank), in seconds; NaN when empty. */
  static double q(List<Long> values, double quantile) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    return v[(int) Math.min(v.length - 1, Math.floor(quantile * (v.length - 1)))] / 1e3;
  }
}
