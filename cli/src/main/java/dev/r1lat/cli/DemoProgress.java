package dev.r1lat.cli;

import dev.r1lat.ingest.sim.SimulationRunner;
import dev.r1lat.streams.PipelineMetrics;
import dev.r1lat.streams.StreamsApp;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The demo's live status line: events/s, windows closed, rows in ClickHouse, open anomalies. */
final class DemoProgress {
  private static final long EVERY_MS = 2_000;

  private final StreamsApp streams;
  private final DemoQueries queries;
  private Thread printer;
  private volatile boolean simulating = true;
  private double lastIn;
  private long lastAt = System.nanoTime();

  DemoProgress(StreamsApp streams, DemoQueries queries) {
    this.streams = streams;
    this.queries = queries;
  }

  void start(SimulationRunner runner) {
    printer =
        new Thread(
            () -> {
              while (simulating) {
                sleep(EVERY_MS);
                print();
              }
            },
            "demo-progress");
    printer.setDaemon(true);
    printer.start();
  }

  void simulatorDone() {
    simulating = false;
    DemoCommand.step("replay done; waiting for the last windows to close (event time + grace)");
  }

  /** Waits until the window of the last event has been written to ClickHouse, or the timeout. */
  void awaitLastWindow(long lastEventMs, Duration timeout) {
    long lastWindow = lastEventMs - Math.floorMod(lastEventMs, 60_000L) - 60_000L;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      sleep(EVERY_MS);
      print();
      try {
        if (queries.newestWindowMs() >= lastWindow) {
          return;
        }
      } catch (RuntimeException e) {
        // ClickHouse busy or table empty: keep waiting
      }
    }
    DemoCommand.step("gave up waiting for the last window after " + timeout.toSeconds() + " s");
  }

  void untilInterrupted(BooleanSupplier interrupted) {
    while (!interrupted.getAsBoolean()) {
      sleep(EVERY_MS * 5);
      print();
    }
  }

  private void print() {
    PipelineMetrics m = streams.metrics();
    double in = m.count("r1lat_records_in_total");
    long now = System.nanoTime();
    double rate = (in - lastIn) / Math.max(1e-9, (now - lastAt) / 1e9);
    lastIn = in;
    lastAt = now;
    String rows;
    try {
      rows =
          String.format(
              "raw rows %,d  stats rows %,d  open anomalies %d",
              queries.count("request_timings"),
              queries.count("latency_stats_1m"),
              queries.openAnomalies());
    } catch (RuntimeException e) {
      rows = "ClickHouse: " + MigrateCommand.oneLine(e);
    }
    System.out.printf(
        "  events %,.0f (%,.0f/s)  windows closed %,.0f  dlq %,.0f  late %,.0f  quarantined %,.0f"
            + "  retries dropped %,.0f  %s%n",
        in,
        rate,
        m.count("r1lat_window_stats_out_total"),
        m.count("r1lat_records_dlq_total"),
        m.count("r1lat_records_late_total"),
        m.count("r1lat_quarantined_total"),
        m.count("r1lat_duplicates_total"),
        rows);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
