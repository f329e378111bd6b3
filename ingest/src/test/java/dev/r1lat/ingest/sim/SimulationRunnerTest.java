package dev.r1lat.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationRunnerTest {
  static final SimulatorConfig TEN_MINUTES =
      SimulatorConfig.builder().seed(3).rate(20).duration(Duration.ofMinutes(10)).build();

  @Test
  void asFastAsPossibleDeliversEveryEventInPublicationOrder() throws Exception {
    InMemoryTimingSink sink = new InMemoryTimingSink();
    List<String> progress = new ArrayList<>();
    var summary =
        new SimulationRunner(
                TEN_MINUTES,
                SimulationRunner.Pacing.AS_FAST_AS_POSSIBLE,
                sink,
                progress::add,
                Duration.ZERO)
            .run();
    List<Object> expected = new ArrayList<>();
    FleetSimulator.events(TEN_MINUTES).forEachRemaining(expected::add);
    assertThat(sink.events()).isEqualTo(expected);
    assertThat(summary.events()).isEqualTo(expected.size());
    assertThat(summary.outOfOrder() + summary.late()).isPositive();
    assertThat(summary.byStatus().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(summary.events());
    assertThat(summary.minEventTimeMs()).isGreaterThanOrEqualTo(TEN_MINUTES.startMs());
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(0)).startsWith("simulated 2026-01-05T");
  }

  @Test
  void timeWarpPacesSimulatedTimeAtTheRequestedSpeed() throws Exception {
    InMemoryTimingSink sink = new InMemoryTimingSink();
    // ten simulated minutes at x600 take about one wall second
    long t0 = System.nanoTime();
    var summary =
        new SimulationRunner(
                TEN_MINUTES,
                new SimulationRunner.Pacing(600),
                sink,
                s -> {},
                Duration.ofSeconds(10))
            .run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(seconds).isBetween(0.9, 5.0);
    // the clock stops at the end: requests completing later are not published
    List<Emission> all = new ArrayList<>();
    FleetSimulator.emissions(TEN_MINUTES).forEachRemaining(all::add);
    long due = all.stream().filter(e -> e.emitAtMs() <= TEN_MINUTES.endMs()).count();
    assertThat(summary.events()).isEqualTo(sink.size()).isEqualTo(due);
    assertThat(summary.inFlightAtEnd()).isEqualTo(all.size() - due).isPositive();
  }

  @Test
  void stopEndsTheRunEarly() throws Exception {
    InMemoryTimingSink sink = new InMemoryTimingSink();
    var runner =
        new SimulationRunner(
            TEN_MINUTES, new SimulationRunner.Pacing(60), sink, s -> {}, Duration.ofSeconds(10));
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              runner.stop();
            });
    stopper.start();
    var summary = runner.run();
    assertThat(summary.stopped()).isTrue();
    assertThat(summary.events()).isLessThan(TEN_MINUTES.expectedEvents() / 2);
  }
}
