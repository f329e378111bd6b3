package dev.r1lat.bench;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.alert.AnomalyJson;
import dev.r1lat.anomaly.truth.GroundTruthEvent;
import dev.r1lat.anomaly.truth.GroundTruthMatcher;
import dev.r1lat.cli.Main;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.LatencyAnomaly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The {@code --ground-truth} mode of bench anomalies: events of a simulator run against truth. */
final class BenchAnomaliesGroundTruth {
  private BenchAnomaliesGroundTruth() {}

  static int run(Path truthFile, Path anomaliesFile, Settings settings) throws IOException {
    if (anomaliesFile == null) {
      System.err.println(
          "r1lat bench anomalies: --ground-truth needs --anomalies FILE (JSON lines of anomaly"
              + " events, e.g. from ./r1lat alerts tail --json)");
      return Main.EXIT_USAGE;
    }
    List<GroundTruthEvent> truth = readLines(truthFile, GroundTruthEvent::parse);
    List<LatencyAnomaly> events = readLines(anomaliesFile, AnomalyJson::fromJson);
    long windowMs = DetectorConfig.from(settings).windowMs();
    GroundTruthMatcher.Report r =
        new GroundTruthMatcher(5 * windowMs, windowMs).match(truth, events);
    System.out.printf(
        Locale.ROOT,
        "faults %d, detected %d: recall %.3f (target >= 0.95)%n",
        r.faults(),
        r.detectedFaults(),
        r.recall());
    System.out.printf(
        Locale.ROOT,
        "anomalies opened %d, matching a fault %d: precision %.3f (target >= 0.9)%n",
        r.openings(),
        r.matchedOpenings(),
        r.precision());
    System.out.printf(
        Locale.ROOT,
        "median detection delay %.1f windows (target <= 2); openings outside any fault: %d%n",
        r.medianDelayWindows(),
        r.falseOpenings());
    return 0;
  }

  private static <T> List<T> readLines(Path file, Function<String, T> parse) throws IOException {
    List<T> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse.apply(line));
      } catch (IllegalArgumentException e) {
        System.err.println(
            "r1lat bench anomalies: " + file + " line " + lineNo + " skipped: " + e.getMessage());
      }
    }
    return out;
  }
}
