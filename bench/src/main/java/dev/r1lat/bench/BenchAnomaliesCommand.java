package dev.r1lat.bench;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.DetectorConfig.Transform;
import dev.r1lat.anomaly.nab.EwmaZBaseline;
import dev.r1lat.anomaly.nab.NabScorer;
import dev.r1lat.anomaly.replay.SeriesPoint;
import dev.r1lat.anomaly.replay.SeriesReplay;
import dev.r1lat.bench.anomaly.NabBenchmark;
import dev.r1lat.cli.ConfigOptions;
import dev.r1lat.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./r1lat bench anomalies}: NAB standard-profile score of {@code detect} on a labeled
 * corpus, beside the null detector (0 by definition) and an EWMA z-score baseline run on the same
 * files.
 */
@Command(
    name = "anomalies",
    mixinStandardHelpOptions = true,
    description = {
      "Score the anomaly detector on labeled public series (Numenta Anomaly Benchmark layout):"
          + " for each file and the whole corpus, the NAB standard-profile score (A_TP=1,"
          + " A_FP=-0.11, A_FN=-1; null detector = 0, perfect = 100) of `detect`, beside the null"
          + " detector and a plain EWMA z-score detector measured in the same run.",
      "With --simulate: the real topology (aggregation, merge, detection) in-process on simulated"
          + " fleet traffic, one run per fault scenario and repeat plus a fault-free run; per"
          + " scenario detected/missed and delay, precision, recall, median delay, and the anomalies"
          + " of the fault-free run, beside an EWMA z-score baseline fed the same statistics."
          + " Exit 1 when a target is missed.",
      "With --ground-truth and --anomalies: precision, recall and detection delay of anomaly"
          + " events against simulator ground truth."
    })
final class BenchAnomaliesCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--nab-dir",
      paramLabel = "DIR",
      description = "folder with labels.json and the series (default: $R1LAT_NAB_DIR)")
  Path nabDir;

  @Option(
      names = "--transform",
      defaultValue = "linear",
      description = "as in detect: linear, log or auto (default: ${DEFAULT-VALUE})")
  String transform;

  @Option(names = "--ground-truth", paramLabel = "FILE", description = "ground-truth JSON lines")
  Path groundTruth;

  @Option(
      names = "--anomalies",
      paramLabel = "FILE",
      description =
          "anomaly events as JSON lines (./r1lat alerts tail --json), with --ground-truth")
  Path anomalies;

  @Mixin BenchAnomaliesSimulateOptions simulation;

  @Override
  public Integer call() throws IOException {
    if (simulation.simulate) {
      return simulation.run(config.settings());
    }
    if (groundTruth != null) {
      return BenchAnomaliesGroundTruth.run(groundTruth, anomalies, config.settings());
    }
    Path dir = nabDir != null ? nabDir : envPath("R1LAT_NAB_DIR");
    if (dir == null || !Files.isDirectory(dir)) {
      System.err.println(
          "r1lat bench anomalies: give --nab-dir DIR (or R1LAT_NAB_DIR) with a NAB corpus"
              + (dir == null ? "" : "; " + dir + " is not a folder"));
      return Main.EXIT_USAGE;
    }
    DetectorConfig detector = DetectorConfig.from(config.settings());
    Map<String, NabBenchmark.SeriesDetector> detectors = new LinkedHashMap<>();
    String how = transform.toLowerCase(Locale.ROOT);
    if (!List.of("auto", "log", "linear").contains(how)) {
      System.err.println("r1lat bench anomalies: --transform must be auto, log or linear");
      return Main.EXIT_USAGE;
    }
    detectors.put("r1lat", points -> flags(points, detector, how));
    detectors.put("ewma-z", EwmaZBaseline::flag);
    detectors.put("null", points -> new boolean[points.size()]);
    long t0 = System.nanoTime();
    NabBenchmark.Result result =
        NabBenchmark.run(
            dir, detectors, new NabScorer(NabScorer.STANDARD), m -> System.err.println("  " + m));
    print(result);
    System.out.printf(
        Locale.ROOT,
        "(%d files in %.1f s)%n",
        result.files().size(),
        (System.nanoTime() - t0) / 1e9);
    return result.files().isEmpty() ? Main.EXIT_FAILED : 0;
  }

  private static boolean[] flags(List<SeriesPoint> points, DetectorConfig detector, String how) {
    boolean[] flagged = new boolean[points.size()];
    Transform t =
        switch (how) {
          case "log" -> Transform.LOG;
          case "linear" -> Transform.LINEAR;
          default -> SeriesReplay.autoTransform(points);
        };
    for (SeriesReplay.Detection d : SeriesReplay.run(points, detector, t, false)) {
      flagged[d.index()] = true;
    }
    return flagged;
  }

  private static void print(NabBenchmark.Result result) {
    System.out.println("NAB standard profile (null detector = 0, perfect = 100)");
    System.out.printf(
        Locale.ROOT,
        "%-58s %6s %4s | %-20s | %8s | %6s%n",
        "file",
        "rows",
        "win",
        "r1lat score (hit/FP)",
        "ewma-z",
        "null");
    for (NabBenchmark.FileResult f : result.files()) {
      NabScorer.FileScore ours = f.byDetector().get("r1lat");
      System.out.printf(
          Locale.ROOT,
          "%-58s %6d %4d | %7.1f (%d/%d, %3d FP) | %8.1f | %6.1f%n",
          f.file(),
          f.rows(),
          ours.windows(),
          ours.normalized(),
          ours.detectedWindows(),
          ours.windows(),
          ours.falsePositives(),
          f.byDetector().get("ewma-z").normalized(),
          f.byDetector().get("null").normalized());
    }
    System.out.printf(
        Locale.ROOT,
        "%-69s | %20.1f | %8.1f | %6.1f%n",
        "corpus (raw scores summed, then normalised)",
        result.corpusNormalized().get("r1lat"),
        result.corpusNormalized().get("ewma-z"),
        result.corpusNormalized().get("null"));
    int files = result.files().size();
    StringBuilder fp = new StringBuilder("openings outside labeled windows (after probation):");
    for (String name : List.of("r1lat", "ewma-z")) {
      int n =
          result.files().stream().mapToInt(f -> f.byDetector().get(name).falsePositives()).sum();
      fp.append(
          String.format(
              Locale.ROOT,
              " %s %d (%.1f per file)",
              name,
              n,
              files == 0 ? 0.0 : (double) n / files));
    }
    System.out.println(fp);
  }

  private static Path envPath(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : Path.of(v);
  }
}
