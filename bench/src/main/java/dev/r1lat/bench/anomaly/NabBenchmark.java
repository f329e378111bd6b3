package dev.r1lat.bench.anomaly;

import dev.r1lat.anomaly.nab.NabLabels;
import dev.r1lat.anomaly.nab.NabScorer;
import dev.r1lat.anomaly.nab.NabWindow;
import dev.r1lat.anomaly.replay.CsvSeries;
import dev.r1lat.anomaly.replay.SeriesPoint;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs detectors over every labeled file of a NAB-layout folder ({@code labels.json} beside the
 * category folders, or NAB's own {@code labels/combined_windows.json} + {@code data/}) and scores
 * each with {@link NabScorer}. Scores are summed over the corpus before normalising, as NAB does.
 */
public final class NabBenchmark {
  /** Flags rows of one series: true where the detector reports an anomaly. */
  public interface SeriesDetector extends Function<List<SeriesPoint>, boolean[]> {}

  public record FileResult(String file, int rows, Map<String, NabScorer.FileScore> byDetector) {}

  public record Result(List<FileResult> files, Map<String, Double> corpusNormalized) {}

  private NabBenchmark() {}

  public static Path labelsFile(Path dir) {
    Path flat = dir.resolve("labels.json");
    return Files.isRegularFile(flat) ? flat : dir.resolve("labels/combined_windows.json");
  }

  static Path dataFile(Path dir, String relative) {
    Path flat = dir.resolve(relative);
    return Files.isRegularFile(flat) ? flat : dir.resolve("data").resolve(relative);
  }

  public static Result run(
      Path dir, Map<String, SeriesDetector> detectors, NabScorer scorer, Consumer<String> progress)
      throws IOException {
    Path labels = labelsFile(dir);
    if (!Files.isRegularFile(labels)) {
      throw new IllegalArgumentException(
          "no labels.json (or labels/combined_windows.json) under " + dir);
    }
    List<FileResult> files = new ArrayList<>();
    for (Map.Entry<String, List<NabWindow>> e : NabLabels.read(labels).entrySet()) {
      Path data = dataFile(dir, e.getKey());
      if (!Files.isRegularFile(data)) {
        progress.accept("skipped " + e.getKey() + ": no such file under " + dir);
        continue;
      }
      List<SeriesPoint> points;
      try (Reader r = Files.newBufferedReader(data)) {
        CsvSeries.Parsed parsed = CsvSeries.read(r, "timestamp", "value");
        parsed.problemSummary(5).forEach(p -> progress.accept(e.getKey() + ": " + p));
        points = parsed.points();
      }
      long[] ts = points.stream().mapToLong(SeriesPoint::timestampMs).toArray();
      Map<String, NabScorer.FileScore> scores = new LinkedHashMap<>();
      detectors.forEach(
          (name, d) -> scores.put(name, scorer.score(ts, d.apply(points), e.getValue())));
      files.add(new FileResult(e.getKey(), points.size(), scores));
      progress.accept("scored " + e.getKey() + " (" + points.size() + " rows)");
    }
    Map<String, Double> corpus = new LinkedHashMap<>();
    for (String name : detectors.keySet()) {
      double score = 0;
      double nul = 0;
      double perfect = 0;
      for (FileResult f : files) {
        NabScorer.FileScore s = f.byDetector().get(name);
        score += s.score();
        nul += s.nullScore();
        perfect += s.perfectScore();
      }
      corpus.put(name, perfect == nul ? 0 : 100 * (score - nul) / (perfect - nul));
    }
    return new Result(files, corpus);
  }
}
