package dev.r1lat.reliability;

import java.io.PrintStream;
import java.util.List;

/** The bench table: scenario, events in, events accounted for, duplicates, time to recover. */
public final class ResultTable {
  private static final String ROW = "%-36s %10s %10s %10s %9s  %-6s  %s%n";

  private ResultTable() {}

  public static void print(List<ScenarioResult> results, PrintStream out) {
    out.printf(
        ROW,
        "scenario",
        "events in",
        "accounted",
        "duplicates",
        "recovery",
        "result",
        "recovery measured as");
    for (ScenarioResult r : results) {
      out.printf(
          ROW,
          r.scenario(),
          r.eventsIn(),
          r.accounted(),
          r.duplicates(),
          r.recovery() == null ? "-" : String.format("%.1f s", r.recovery().toMillis() / 1000.0),
          r.passed() ? "ok" : "FAILED",
          r.recoveryMeaning());
    }
    out.println();
    out.println(
        "accounted: input records found in the final window stats (sum of the *|* e2e counts),"
            + " on the late, dead-letter or quarantine topic, or dropped by the streams app as a"
            + " retried copy of a request it had counted; for the gateway scenario, events posted"
            + " (each once, however often retried) and counted or late once.");
    out.println(
        "duplicates: stats keys, late events or dead letters read twice, plus duplicate rows in"
            + " ClickHouse (request_timings, latency_stats_1m, request_volume_1h).");
    for (ScenarioResult r : results) {
      r.notes().forEach(n -> out.println("note (" + r.scenario() + "): " + n));
      r.problems().forEach(p -> out.println("problem (" + r.scenario() + "): " + p));
    }
  }
}
