package dev.r1lat.cli;

import dev.r1lat.ingest.sim.GroundTruth;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the demo prints at the end: percentiles, anomalies beside faults, SQL to explore. */
final class DemoSummary {
  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private final DemoQueries queries;
  private final List<GroundTruth.Entry> faults;
  private final PrintStream out;

  DemoSummary(DemoQueries queries, List<GroundTruth.Entry> faults, PrintStream out) {
    this.queries = queries;
    this.faults = faults;
    this.out = out;
  }

  static String hhmm(long epochMs) {
    return HHMM.format(Instant.ofEpochMilli(epochMs));
  }

  void print() {
    out.println();
    out.println("== Latest complete minute, per region x tier (ms, UTC)");
    queries.printTable(out, DemoQueries.LATEST_PERCENTILES);
    out.println();
    out.println("== Faults injected (ground truth)");
    if (faults.isEmpty()) {
      out.println("  none (--scenario none)");
    }
    for (GroundTruth.Entry f : faults) {
      out.printf(
          "  %-20s %-14s %s-%s  expected: %s on %s%n",
          f.scenario(),
          f.region() + "/" + f.tier(),
          hhmm(f.startMs()),
          hhmm(f.endMs()),
          f.kind(),
          String.join(",", f.components()));
    }
    out.println();
    out.println("== Anomalies raised (from r1lat.latency_anomalies)");
    queries.printTable(out, DemoQueries.ANOMALIES);
    out.println();
    out.println("== Explore further");
    for (String sql : DemoQueries.EXPLORE) {
      out.println("  ./r1lat sql \"" + sql + "\"");
    }
    out.println(
        "  ./r1lat alerts tail --from-beginning   # the anomaly stream as alerting sees it");
  }
}
