package dev.r1lat.ingest.sim;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Drives a {@link TimingSink} with a simulation, paced in simulated time: real time ({@code speed
 * 1}), faster ({@code speed 3600} = an hour per second), or as fast as the sink takes it. Prints a
 * progress line every {@code progressEvery} of wall time. A paced run ends with the simulated clock
 * at the end of the config's duration: requests still running then are not published (their
 * completion lies in the future), and are counted in {@link Summary#inFlightAtEnd()}. An unpaced
 * run publishes them too. Not thread-safe; {@link #stop()} may be called from another thread (e.g.
 * a shutdown hook).
 */
public final class SimulationRunner {
  /** How simulated time maps to wall time. */
  public record Pacing(double speed) {
    public static final Pacing REAL_TIME = new Pacing(1);
    public static final Pacing AS_FAST_AS_POSSIBLE = new Pacing(Double.POSITIVE_INFINITY);

    public Pacing {
      if (!(speed > 0)) {
        throw new IllegalArgumentException("speed must be positive");
      }
    }

    public boolean paced() {
      return !Double.isInfinite(speed);
    }

    @Override
    public String toString() {
      return paced()
          ? "x" + (speed == Math.rint(speed) ? (long) speed : speed)
          : "as fast as possible";
    }
  }

  /** What a run produced. */
  public record Summary(
      long events,
      long outOfOrder,
      long late,
      Map<RequestStatus, Long> byStatus,
      long minEventTimeMs,
      long maxEventTimeMs,
      Duration wallTime,
      boolean stopped,
      long inFlightAtEnd) {
    public double eventsPerWallSecond() {
      double s = Math.max(1e-9, wallTime.toNanos() / 1e9);
      return events / s;
    }
  }

  private final SimulatorConfig config;
  private final Pacing pacing;
  private final TimingSink sink;
  private final Consumer<String> progress;
  private final Duration progressEvery;
  private final LongSupplier nanoClock;
  private final AtomicBoolean stop = new AtomicBoolean();

  public SimulationRunner(
      SimulatorConfig config,
      Pacing pacing,
      TimingSink sink,
      Consumer<String> progress,
      Duration progressEvery) {
    this(config, pacing, sink, progress, progressEvery, System::nanoTime);
  }

  SimulationRunner(
      SimulatorConfig config,
      Pacing pacing,
      TimingSink sink,
      Consumer<String> progress,
      Duration progressEvery,
      LongSupplier nanoClock) {
    this.config = config;
    this.pacing = pacing;
    this.sink = sink;
    this.progress = progress;
    this.progressEvery = progressEvery;
    this.nanoClock = nanoClock;
  }

  /** Asks a running {@link #run()} to stop after the current event; it then flushes the sink. */
  public void stop() {
    stop.set(true);
  }

  /** Runs to the end (or {@link #stop()}), flushes the sink, and summarizes. */
  public Summary run() throws InterruptedException {
    long wallStart = nanoClock.getAsLong();
    long simStart = config.startMs();
    long simEnd = config.endMs();
    long nextProgress = wallStart + progressEvery.toNanos();
    long events = 0;
    long outOfOrder = 0;
    long late = 0;
    long minEvent = Long.MAX_VALUE;
    long maxEvent = Long.MIN_VALUE;
    Map<RequestStatus, Long> byStatus = new EnumMap<>(RequestStatus.class);
    long inFlight = 0;
    Iterator<Emission> it = FleetSimulator.emissions(config);
    while (!stop.get() && it.hasNext()) {
      Emission e = it.next();
      if (pacing.paced()) {
        if (e.emitAtMs() > simEnd) {
          // the simulated clock stops at the end: what completes later has not happened yet
          inFlight = 1;
          while (it.hasNext()) {
            it.next();
            inFlight++;
          }
          break;
        }
        long due = wallStart + (long) ((e.emitAtMs() - simStart) * 1_000_000.0 / pacing.speed());
        long wait = due - nanoClock.getAsLong();
        while (wait > 0 && !stop.get()) {
          TimeUnit.NANOSECONDS.sleep(Math.min(wait, 200_000_000L));
          wait = due - nanoClock.getAsLong();
        }
        if (stop.get()) {
          break;
        }
      }
      RequestTiming t = e.timing();
      sink.accept(t);
      events++;
      if (e.delivery() == Emission.Delivery.OUT_OF_ORDER) {
        outOfOrder++;
      } else if (e.delivery() == Emission.Delivery.LATE) {
        late++;
      }
      byStatus.merge(t.getStatus(), 1L, Long::sum);
      minEvent = Math.min(minEvent, t.getEventTimeMs());
      maxEvent = Math.max(maxEvent, t.getEventTimeMs());
      if ((events & 1023) == 0 || pacing.paced()) {
        long now = nanoClock.getAsLong();
        if (now >= nextProgress) {
          nextProgress = now + progressEvery.toNanos();
          progress.accept(progressLine(events, e.emitAtMs(), simStart, simEnd, now - wallStart));
        }
      }
    }
    sink.flush();
    Duration wall = Duration.ofNanos(nanoClock.getAsLong() - wallStart);
    return new Summary(
        events,
        outOfOrder,
        late,
        Map.copyOf(byStatus),
        events == 0 ? 0 : minEvent,
        events == 0 ? 0 : maxEvent,
        wall,
        stop.get(),
        inFlight);
  }

  private static String progressLine(
      long events, long simNowMs, long simStart, long simEnd, long wallNanos) {
    double pct = 100.0 * Math.min(1, (simNowMs - simStart) / (double) (simEnd - simStart));
    double rate = events / Math.max(1e-9, wallNanos / 1e9);
    return String.format(
        Locale.ROOT,
        "simulated %s (%.1f%%): %,d events, %,.0f events/s",
        Instant.ofEpochMilli(Math.min(simNowMs, simEnd)),
        pct,
        events,
        rate);
  }
}
