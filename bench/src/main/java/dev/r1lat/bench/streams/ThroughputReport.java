package dev.r1lat.bench.streams;

import java.io.PrintStream;

/**
 * The streams benchmark's figures side by side: the bare consumer, the topology and, when it ran,
 * the ClickHouse-only anchor, each as events/s and CPU-seconds per million events, with the
 * same-run ratios the targets are stated in.
 */
record ThroughputReport(
    Rate raw, Rate streams, String guarantee, CountSamples anchor, int anchorConsumers) {
  static final double TARGET_VS_RAW = 0.3;
  static final double TARGET_VS_ANCHOR = 3.0;

  /** Events per second and CPU-seconds per million events over the measured interval. */
  record Rate(double perSecond, double cpuSecondsPerMillion) {}

  double vsRaw() {
    return streams.perSecond() / raw.perSecond();
  }

  /** Streams over the anchor's steady state (the window both others are measured over). */
  double vsAnchor() {
    return streams.perSecond() / anchorRate().perSecond();
  }

  /**
   * The anchor's steady state; its whole run when one poll saw the count pass both 20% and 90% of N
   * (a run so short that one block is most of it).
   */
  private CountSamples.Rate anchorRate() {
    return anchor.steady() != null ? anchor.steady() : anchor.whole();
  }

  void print(PrintStream out) {
    out.printf("%n%-58s %14s %22s%n", "", "events/s", "CPU-s per M events");
    line(
        out,
        "raw KafkaConsumer (bytes, no processing)",
        raw.perSecond(),
        raw.cpuSecondsPerMillion());
    line(
        out,
        "r1lat topology (" + guarantee + ")",
        streams.perSecond(),
        streams.cpuSecondsPerMillion());
    if (anchor != null) {
      CountSamples.Rate steady = anchorRate();
      CountSamples.Rate whole = anchor.whole();
      line(
          out,
          "ClickHouse Kafka engine + raw + t-digest MV" + (anchor.steady() == null ? " (*)" : ""),
          steady.perSecond(),
          steady.cpuSecondsPerMillion());
      line(
          out,
          String.format("  same, start to N (group join, DDL; %.1f s)", whole.seconds()),
          whole.perSecond(),
          whole.cpuSecondsPerMillion());
    }
    out.printf("ratio: topology %.2f x raw (target >= %.1f)%n", vsRaw(), TARGET_VS_RAW);
    if (anchor != null) {
      out.printf(
          "ratio: topology %.2f x ClickHouse anchor (target >= %.0f; %.2f x its start-to-N rate)%n",
          vsAnchor(), TARGET_VS_ANCHOR, streams.perSecond() / anchor.whole().perSecond());
      out.printf(
          "cost: ClickHouse anchor %.2f x the topology's CPU-s per M events%n",
          anchorRate().cpuSecondsPerMillion() / streams.cpuSecondsPerMillion());
      if (anchor.steady() == null) {
        out.println(
            "(*) start to N: too few blocks landed between 20% and 90% for a steady rate;"
                + " use more --events");
      }
    }
    out.println(
        "(events/s and CPU over the 20%-90% of the events unless stated; CPU of the raw consumer"
            + " and the topology: this JVM, all threads; the broker's is not included)");
    if (anchor != null) {
      out.printf(
          "(anchor: the same events as JSONEachRow on their own topic, same keys and partitions;"
              + " %d Kafka engine consumers, one thread each, like the topology's %d stream"
              + " threads; it writes every event to a MergeTree table and a t-digest (p50/90/95/99)"
              + " of 11 components per region x tier x minute; rate from count() polled every"
              + " %d ms; CPU: the ClickHouse process's, parsing, views and merges included)%n",
          anchorConsumers, anchorConsumers, ClickHouseAnchor.POLL_MILLIS);
    }
  }

  private static void line(PrintStream out, String what, double perSecond, double cpu) {
    out.printf("%-58s %,14.0f %22s%n", what + ":", perSecond, cpuText(cpu));
  }

  private static String cpuText(double cpu) {
    return Double.isNaN(cpu) ? "n/a" : String.format("%.2f", cpu);
  }
}
