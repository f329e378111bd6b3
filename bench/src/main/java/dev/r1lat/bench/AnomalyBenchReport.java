package dev.r1lat.bench;

import dev.r1lat.anomaly.truth.GroundTruthEvent;
import dev.r1lat.anomaly.truth.GroundTruthMatcher.FaultResult;
import dev.r1lat.anomaly.truth.GroundTruthMatcher.Report;
import dev.r1lat.bench.BenchAnomaliesSimulation.RunResult;
import dev.r1lat.schema.LatencyAnomaly;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints the figures of {@code bench anomalies --simulate} and judges the targets: precision >=
 * 0.9, recall >= 0.95 and median detection delay <= 2 windows over the fault runs, and no anomaly
 * at all in the fault-free run. The EWMA-z baseline's figures stand beside ours.
 */
final class AnomalyBenchReport {
  static final double MIN_PRECISION = 0.9;
  static final double MIN_RECALL = 0.95;
  static final double MAX_MEDIAN_DELAY = 2;
  private static final int LISTED = 20;

  private final List<RunResult> results;
  private final long windowMs;

  AnomalyBenchReport(List<RunResult> results, long windowMs) {
    this.results = List.copyOf(results);
    this.windowMs = windowMs;
  }

  Report total(Function<RunResult, Report> which) {
    Report sum = Report.empty();
    for (RunResult r : faultRuns()) {
      sum = sum.plus(which.apply(r));
    }
    return sum;
  }

  /** Openings in the fault-free runs (ours). */
  List<LatencyAnomaly> faultFreeAnomalies(Function<RunResult, Report> which) {
    List<LatencyAnomaly> out = new ArrayList<>();
    results.stream()
        .filter(r -> r.run().faultFree())
        .forEach(r -> out.addAll(which.apply(r).unmatched()));
    return out;
  }

  /** Why the targets are not met, or empty when they are. */
  List<String> failures() {
    List<String> why = new ArrayList<>();
    Report ours = total(RunResult::ours);
    if (ours.faults() > 0) {
      if (ours.precision() < MIN_PRECISION) {
        why.add(
            String.format(Locale.ROOT, "precision %.3f < %.2f", ours.precision(), MIN_PRECISION));
      }
      if (ours.recall() < MIN_RECALL) {
        why.add(String.format(Locale.ROOT, "recall %.3f < %.2f", ours.recall(), MIN_RECALL));
      }
      if (!(ours.medianDelayWindows() <= MAX_MEDIAN_DELAY)) {
        why.add(
            String.format(Locale.ROOT, "median delay %.1f > 2 windows", ours.medianDelayWindows()));
      }
    }
    int quiet = faultFreeAnomalies(RunResult::ours).size();
    if (quiet > 0) {
      why.add(quiet + " anomalies in the fault-free run");
    }
    return why;
  }

  void print(PrintStream out) {
    if (!faultRuns().isEmpty()) {
      printRuns(out);
      printScenarios(out);
      printTotals(out);
    }
    printFaultFree(out);
    printFalseOpenings(out);
  }

  private void printRuns(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%-24s %-24s | %-52s %5s %5s | %-12s%n",
        "run",
        "fault (from run start)",
        "r1lat: first matching opening",
        "delay",
        "open",
        "ewma-z: delay open");
    for (RunResult r : faultRuns()) {
      for (int i = 0; i < r.ours().perFault().size(); i++) {
        FaultResult f = r.ours().perFault().get(i);
        FaultResult b = r.baseline().perFault().get(i);
        out.printf(
            Locale.ROOT,
            "%-24s %-24s | %-52s %5s %5d | %12s %5d%n",
            r.run().name(),
            faultLabel(f.fault(), r.run().sim().startMs()),
            f.first().map(AnomalyBenchReport::opening).orElse("MISSED"),
            delay(f),
            r.ours().openings(),
            delay(b),
            r.baseline().openings());
      }
    }
    out.println();
  }

  private void printScenarios(PrintStream out) {
    Map<String, List<FaultResult[]>> by = new LinkedHashMap<>();
    for (RunResult r : faultRuns()) {
      for (int i = 0; i < r.ours().perFault().size(); i++) {
        FaultResult f = r.ours().perFault().get(i);
        by.computeIfAbsent(f.fault().scenario(), s -> new ArrayList<>())
            .add(new FaultResult[] {f, r.baseline().perFault().get(i)});
      }
    }
    out.printf(
        Locale.ROOT,
        "%-24s %-30s | %-30s%n",
        "scenario",
        "r1lat detected (median delay)",
        "ewma-z detected (median delay)");
    by.forEach(
        (scenario, pairs) ->
            out.printf(
                Locale.ROOT,
                "%-24s %-30s | %-30s%n",
                scenario,
                detectedSummary(pairs.stream().map(p -> p[0]).toList()),
                detectedSummary(pairs.stream().map(p -> p[1]).toList())));
    out.println();
  }

  private void printTotals(PrintStream out) {
    Report ours = total(RunResult::ours);
    Report base = total(RunResult::baseline);
    out.printf(
        Locale.ROOT,
        "%-24s %9s %7s %13s %18s%n",
        "over the fault runs",
        "precision",
        "recall",
        "median delay",
        "openings (false)");
    out.println(totalsLine("r1lat", ours));
    out.println(totalsLine("ewma-z (baseline)", base));
    out.printf(
        Locale.ROOT,
        "%-24s %9s %7s %13s%n",
        "target",
        ">= " + MIN_PRECISION,
        ">= " + MIN_RECALL,
        "<= 2 windows");
    out.println("r1lat openings that match a fault, by group level: " + levels(ours));
    out.println();
  }

  private void printFaultFree(PrintStream out) {
    for (RunResult r : results) {
      if (!r.run().faultFree()) {
        continue;
      }
      List<LatencyAnomaly> ours = r.ours().unmatched();
      out.printf(
          Locale.ROOT,
          "fault-free run: %.1f h, %,d events, seed %d: r1lat %d anomalies (target 0),"
              + " ewma-z %d%n",
          r.run().sim().duration().toMinutes() / 60.0,
          r.events(),
          r.run().sim().seed(),
          ours.size(),
          r.baseline().openings());
      ours.stream().limit(LISTED).forEach(a -> out.println("  " + describe(a)));
      out.println();
    }
  }

  private void printFalseOpenings(PrintStream out) {
    List<LatencyAnomaly> wrong = total(RunResult::ours).unmatched();
    if (wrong.isEmpty()) {
      return;
    }
    out.println("r1lat openings in fault runs that match no fault (" + wrong.size() + "):");
    wrong.stream().limit(LISTED).forEach(a -> out.println("  " + describe(a)));
    out.println();
  }

  private List<RunResult> faultRuns() {
    return results.stream().filter(r -> !r.run().faultFree()).toList();
  }

  private String totalsLine(String name, Report r) {
    return String.format(
        Locale.ROOT,
        "%-24s %9.3f %7.3f %13s %18s",
        name,
        r.precision(),
        r.recall(),
        Double.isNaN(r.medianDelayWindows())
            ? "n/a"
            : String.format(Locale.ROOT, "%.1f windows", r.medianDelayWindows()),
        r.openings() + " (" + r.falseOpenings() + ")");
  }

  private static String detectedSummary(List<FaultResult> faults) {
    long detected = faults.stream().filter(FaultResult::detected).count();
    List<Double> delays =
        faults.stream().filter(FaultResult::detected).map(FaultResult::delayWindows).toList();
    return String.format(
        Locale.ROOT,
        "%d/%d (%s)",
        detected,
        faults.size(),
        delays.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", median(delays)));
  }

  /** Matched openings by the level of their group: a region x tier group or a roll-up. */
  static String levels(Report r) {
    Map<String, Integer> n = new LinkedHashMap<>();
    for (String level : List.of("region/tier", "region/*", "*/tier", "*/*")) {
      n.put(level, 0);
    }
    for (LatencyAnomaly a : r.matched()) {
      String level =
          (a.getRegion().equals("*") ? "*" : "region")
              + "/"
              + (a.getTier().equals("*") ? "*" : "tier");
      n.merge(level, 1, Integer::sum);
    }
    StringBuilder b = new StringBuilder();
    n.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }

  private String faultLabel(GroundTruthEvent f, long runStartMs) {
    return String.format(
        Locale.ROOT,
        "%s/%s %s-%s",
        f.region(),
        f.tier(),
        hm(f.startMs() - runStartMs),
        hm(f.endMs() - runStartMs));
  }

  private static String hm(long ms) {
    long min = ms / 60_000;
    return String.format(Locale.ROOT, "%d:%02d", min / 60, min % 60);
  }

  private String delay(FaultResult f) {
    return f.detected() ? String.format(Locale.ROOT, "%.0f", f.delayWindows()) : "-";
  }

  private static String opening(LatencyAnomaly a) {
    return a.getKind()
        + " "
        + a.getRegion()
        + "/"
        + a.getTier()
        + " "
        + a.getComponent()
        + " "
        + a.getMetric();
  }

  static String describe(LatencyAnomaly a) {
    return Instant.ofEpochMilli(a.getWindowStartMs()) + " " + opening(a) + ": " + a.getReason();
  }

  private static double median(List<Double> v) {
    List<Double> s = v.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
