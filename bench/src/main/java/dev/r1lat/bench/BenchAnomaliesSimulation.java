package dev.r1lat.bench;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.alert.AnomalyJson;
import dev.r1lat.anomaly.truth.GroundTruthEvent;
import dev.r1lat.anomaly.truth.GroundTruthMatcher;
import dev.r1lat.config.Settings;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.GroundTruth;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Topics;
import dev.r1lat.streams.StreamsSettings;
import dev.r1lat.streams.TopologySettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code --simulate} mode of bench anomalies: every run of an {@link AnomalyBenchPlan} through
 * the real topology ({@link AnomalyBenchPipeline}), the anomalies scored against the run's ground
 * truth by {@link GroundTruthMatcher}, the EWMA-z baseline ({@link AnomalyBenchBaseline}) fed the
 * same statistics and scored the same way; {@link AnomalyBenchReport} prints the figures.
 */
final class BenchAnomaliesSimulation {
  /** An anomaly opening up to this many windows after a fault ended still is that fault. */
  static final int GRACE_WINDOWS = 5;

  /** One run's outcome for our detector and the baseline. */
  record RunResult(
      AnomalyBenchPlan.Run run,
      long events,
      double seconds,
      GroundTruthMatcher.Report ours,
      GroundTruthMatcher.Report baseline) {}

  private final TopologySettings topology;
  private final DetectorConfig detector;
  private final PrintStream progress;
  private final Path outDir;

  BenchAnomaliesSimulation(Settings settings, PrintStream progress, Path outDir) {
    this.topology = TopologySettings.of(StreamsSettings.from(settings), Topics.defaults(), 1);
    this.detector = DetectorConfig.from(settings);
    this.progress = progress;
    this.outDir = outDir;
  }

  /** Runs the plan on {@code threads} threads; results in plan order. */
  List<RunResult> run(AnomalyBenchPlan plan, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    AtomicInteger done = new AtomicInteger();
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (AnomalyBenchPlan.Run r : plan.runs()) {
        futures.add(
            pool.submit(
                () -> {
                  RunResult result = runOne(r);
                  progress.printf(
                      Locale.ROOT,
                      "  [%d/%d] %-24s %,9d events in %5.1f s: %d anomalies opened (%d false)%n",
                      done.incrementAndGet(),
                      plan.runs().size(),
                      r.name(),
                      result.events(),
                      result.seconds(),
                      result.ours().openings(),
                      result.ours().falseOpenings());
                  return result;
                }));
      }
      List<RunResult> results = new ArrayList<>();
      for (Future<RunResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  RunResult runOne(AnomalyBenchPlan.Run r) {
    long t0 = System.nanoTime();
    AnomalyBenchBaseline baseline = new AnomalyBenchBaseline();
    AnomalyBenchPipeline.Output out =
        new AnomalyBenchPipeline(topology, new AnomalyEngine(detector))
            .run(r.sim(), baseline, n -> {});
    List<GroundTruth.Entry> entries = FleetSimulator.groundTruth(r.sim());
    List<GroundTruthEvent> truth = entries.stream().map(BenchAnomaliesSimulation::event).toList();
    long w = detector.windowMs();
    GroundTruthMatcher matcher = new GroundTruthMatcher(GRACE_WINDOWS * w, w);
    if (outDir != null) {
      save(r, entries, out.anomalies());
    }
    return new RunResult(
        r,
        out.eventsIn(),
        (System.nanoTime() - t0) / 1e9,
        matcher.match(truth, out.anomalies()),
        matcher.match(truth, baseline.openings()));
  }

  static GroundTruthEvent event(GroundTruth.Entry e) {
    return new GroundTruthEvent(
        e.scenario(),
        e.kind().name(),
        e.region(),
        e.tier(),
        e.components(),
        e.startMs(),
        e.endMs());
  }

  /** The run's ground truth and anomaly events, for {@code --ground-truth/--anomalies} later. */
  private void save(AnomalyBenchPlan.Run r, List<GroundTruth.Entry> truth, List<LatencyAnomaly> a) {
    String name = r.name().replace(" #", "-");
    try {
      Files.createDirectories(outDir);
      GroundTruth.write(outDir.resolve(name + ".truth.jsonl"), truth);
      Files.write(
          outDir.resolve(name + ".anomalies.jsonl"), a.stream().map(AnomalyJson::toJson).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir, e);
    }
  }
}
