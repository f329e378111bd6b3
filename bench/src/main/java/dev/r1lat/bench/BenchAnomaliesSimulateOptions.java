package dev.r1lat.bench;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.cli.Main;
import dev.r1lat.config.Durations;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.sim.FaultScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options of {@code bench anomalies --simulate}, and the run they describe. */
final class BenchAnomaliesSimulateOptions {
  @Option(
      names = "--simulate",
      description = "score the detectors on simulator fault scenarios through the real topology")
  boolean simulate;

  @Option(
      names = "--scenario",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "all",
      description = "fault scenarios: all or names, comma separated (default ${DEFAULT-VALUE})")
  List<String> scenarios = new ArrayList<>();

  @Option(
      names = "--repeats",
      defaultValue = "2",
      description =
          "runs per scenario; repeat k moves the fault k regions and tiers on, starts 7k hours"
              + " later in the day and uses another seed; 0 = the fault-free run only (default"
              + " ${DEFAULT-VALUE})")
  int repeats;

  @Option(
      names = "--hours",
      defaultValue = "4h",
      description =
          "simulated length of each fault run; the fault is in 50-70 %% of it (default"
              + " ${DEFAULT-VALUE})")
  String hours;

  @Option(
      names = "--fault-free-hours",
      defaultValue = "6h",
      description = "simulated length of the fault-free run, 0 = none (default ${DEFAULT-VALUE})")
  String faultFreeHours;

  @Option(
      names = "--rate",
      defaultValue = "50",
      description = "mean requests per simulated second, fleet-wide (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "runs simulated at once, one core each (default ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "also write each run's ground truth and anomaly events as JSON lines here")
  Path out;

  int run(Settings settings) {
    AnomalyBenchPlan plan;
    try {
      plan =
          AnomalyBenchPlan.of(
              scenarios(), repeats, duration(hours), duration(faultFreeHours), rate, seed);
    } catch (IllegalArgumentException e) {
      System.err.println("r1lat bench anomalies: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    System.out.printf(
        Locale.ROOT,
        "bench anomalies --simulate: the real topology in a test driver on simulated traffic,"
            + " %d fault runs (%s, %d repeats, %s h each) and a %s h fault-free run, %.0f req/s,"
            + " seed %d%n",
        plan.faultRuns().size(),
        String.join(",", scenarios),
        repeats,
        hoursOf(duration(hours)),
        hoursOf(duration(faultFreeHours)),
        rate,
        seed);
    long t0 = System.nanoTime();
    List<BenchAnomaliesSimulation.RunResult> results =
        new BenchAnomaliesSimulation(settings, System.err, out).run(plan, threads);
    AnomalyBenchReport report =
        new AnomalyBenchReport(results, DetectorConfig.from(settings).windowMs());
    System.out.println();
    report.print(System.out);
    List<String> failures = report.failures();
    System.out.printf(
        Locale.ROOT,
        "%s (%.0f s)%n",
        failures.isEmpty() ? "targets met" : "targets NOT met: " + String.join("; ", failures),
        (System.nanoTime() - t0) / 1e9);
    return failures.isEmpty() ? 0 : Main.EXIT_FAILED;
  }

  private List<FaultScenario> scenarios() {
    if (scenarios.stream().anyMatch(s -> s.trim().equalsIgnoreCase("all"))) {
      return Arrays.asList(FaultScenario.values());
    }
    return scenarios.stream().map(FaultScenario::byId).distinct().toList();
  }

  private static String hoursOf(Duration d) {
    double h = d.toMinutes() / 60.0;
    return h == Math.rint(h) ? Long.toString((long) h) : String.format(Locale.ROOT, "%.1f", h);
  }

  private static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    return Durations.parse(t.matches("[0-9.]+") ? t + "h" : t);
  }
}
