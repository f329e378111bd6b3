package dev.r1lat.cli;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.DetectorConfig.Transform;
import dev.r1lat.anomaly.replay.CsvSeries;
import dev.r1lat.anomaly.replay.SeriesReplay;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat detect --csv FILE}: the streaming detector replayed over a plain series. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a timestamp,value CSV (any fixed spacing, inferred) through the same anomaly detector"
          + " the streams app runs, the value standing in for a latency percentile, and print one"
          + " line per flagged point: timestamp,kind,score (score = robust z of the point).",
      "A flagged point is where an anomaly opens; --all-points prints every bad point instead."
          + " A summary and any skipped rows go to stderr. Detector settings: anomaly.* keys."
    })
final class DetectCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "the series")
  Path csv;

  @Option(
      names = "--column",
      defaultValue = "value",
      description = "value column (default: ${DEFAULT-VALUE})")
  String column;

  @Option(
      names = "--timestamp-column",
      defaultValue = "timestamp",
      description = "timestamp column (default: ${DEFAULT-VALUE})")
  String timestampColumn;

  @Option(
      names = "--transform",
      defaultValue = "linear",
      description =
          "linear (a generic series: no assumption on its noise), log (latency: noise grows with"
              + " the level) or auto (log when every value is > 0) (default: ${DEFAULT-VALUE})")
  String transform;

  @Option(names = "--all-points", description = "print every bad point, not only openings")
  boolean allPoints;

  @Option(names = "--header", description = "print a timestamp,kind,score header line first")
  boolean header;

  @Override
  public Integer call() throws IOException {
    DetectorConfig detector = DetectorConfig.from(config.settings());
    CsvSeries.Parsed parsed;
    try (Reader r = Files.newBufferedReader(csv)) {
      parsed = CsvSeries.read(r, timestampColumn, column);
    } catch (NoSuchFileException e) {
      System.err.println("r1lat detect: no such file: " + csv);
      return Main.EXIT_USAGE;
    } catch (IllegalArgumentException e) {
      System.err.println("r1lat detect: " + csv + ": " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    parsed.problemSummary(10).forEach(p -> System.err.println("r1lat detect: " + csv + ": " + p));
    if (parsed.points().isEmpty()) {
      System.err.println("r1lat detect: " + csv + " has no usable rows");
      return Main.EXIT_FAILED;
    }
    Transform t = transform(parsed);
    List<SeriesReplay.Detection> found = SeriesReplay.run(parsed.points(), detector, t, allPoints);
    if (header) {
      System.out.println("timestamp,kind,score");
    }
    for (SeriesReplay.Detection d : found) {
      System.out.printf(
          Locale.ROOT, "%s,%s,%.3f%n", d.point().timestampText(), d.kind(), d.score());
    }
    System.err.printf(
        Locale.ROOT,
        "r1lat detect: %d points, spacing %s, %s transform, %d flagged, %d rows skipped, %d"
            + " out of order kept%n",
        parsed.points().size(),
        Duration.ofMillis(CsvSeries.spacingMs(parsed.points())),
        t.name().toLowerCase(Locale.ROOT),
        found.size(),
        parsed.problems().stream().filter(p -> p.contains(" skipped: ")).count(),
        parsed.problems().stream().filter(p -> p.contains(" kept: ")).count());
    return 0;
  }

  private Transform transform(CsvSeries.Parsed parsed) {
    return switch (transform.toLowerCase(Locale.ROOT)) {
      case "auto" -> SeriesReplay.autoTransform(parsed.points());
      case "log" -> Transform.LOG;
      case "linear" -> Transform.LINEAR;
      default ->
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(this), "--transform must be auto, log or linear");
    };
  }
}
