package dev.r1lat.ingest.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that determines a simulation run; the same config always yields the same events.
 * Immutable; build with {@link #builder()}.
 *
 * @param seed randomness seed
 * @param ratePerSecond mean requests per second of simulated time over the whole fleet (the diurnal
 *     curve moves the instantaneous rate around it)
 * @param start first request arrival
 * @param duration requests arrive in [start, start + duration); their events complete later
 * @param faults injected faults (see {@link FaultScenario})
 * @param outOfOrderFraction events published a few seconds after they completed
 * @param lateFraction events published minutes after they completed
 * @param requestTimeout requests still running after this are ended with status TIMEOUT
 */
public record SimulatorConfig(
    long seed,
    double ratePerSecond,
    Instant start,
    Duration duration,
    FleetModel fleet,
    List<Fault> faults,
    double outOfOrderFraction,
    Duration outOfOrderMaxDelay,
    double lateFraction,
    Duration lateMinDelay,
    Duration lateMaxDelay,
    Duration requestTimeout) {

  public SimulatorConfig {
    faults = List.copyOf(faults);
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number of events per second");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (outOfOrderFraction < 0 || lateFraction < 0 || outOfOrderFraction + lateFraction > 1) {
      throw new IllegalArgumentException("out-of-order and late fractions must be in [0, 1]");
    }
    if (lateMaxDelay.compareTo(lateMinDelay) < 0) {
      throw new IllegalArgumentException("lateMaxDelay must be >= lateMinDelay");
    }
  }

  public long startMs() {
    return start.toEpochMilli();
  }

  public long endMs() {
    return start.plus(duration).toEpochMilli();
  }

  /** Expected number of requests (before faults that drop traffic). */
  public long expectedEvents() {
    return Math.round(ratePerSecond * duration.toMillis() / 1000.0);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: seed 42, 50 events/s, 10 minutes from 2026-01-05T00:00Z, no faults, 1% / 0.1%. */
  public static final class Builder {
    private long seed = 42;
    private double rate = 50;
    private Instant start = Instant.parse("2026-01-05T00:00:00Z");
    private Duration duration = Duration.ofMinutes(10);
    private FleetModel fleet = FleetModel.defaults();
    private List<Fault> faults = new ArrayList<>();
    private double outOfOrderFraction = 0.01;
    private Duration outOfOrderMaxDelay = Duration.ofSeconds(5);
    private double lateFraction = 0.001;
    private Duration lateMinDelay = Duration.ofMinutes(2);
    private Duration lateMaxDelay = Duration.ofMinutes(10);
    private Duration requestTimeout = Duration.ofMinutes(10);

    private Builder() {}

    private Builder(SimulatorConfig c) {
      seed = c.seed;
      rate = c.ratePerSecond;
      start = c.start;
      duration = c.duration;
      fleet = c.fleet;
      faults = new ArrayList<>(c.faults);
      outOfOrderFraction = c.outOfOrderFraction;
      outOfOrderMaxDelay = c.outOfOrderMaxDelay;
      lateFraction = c.lateFraction;
      lateMinDelay = c.lateMinDelay;
      lateMaxDelay = c.lateMaxDelay;
      requestTimeout = c.requestTimeout;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder rate(double eventsPerSecond) {
      rate = eventsPerSecond;
      return this;
    }

    public Builder start(Instant v) {
      start = v;
      return this;
    }

    public Builder duration(Duration v) {
      duration = v;
      return this;
    }

    public Builder fleet(FleetModel v) {
      fleet = v;
      return this;
    }

    public Builder faults(List<Fault> v) {
      faults = new ArrayList<>(v);
      return this;
    }

    public Builder fault(Fault v) {
      faults.add(v);
      return this;
    }

    /** Adds a scenario with its defaults (group, magnitude, window relative to start/duration). */
    public Builder scenario(FaultScenario s) {
      faults.add(Fault.defaults(s, start.toEpochMilli(), duration));
      return this;
    }

    /** Adds faults from a {@code --scenario} spec, see {@link Fault#parse}. */
    public Builder scenarios(String spec) {
      faults.addAll(Fault.parse(spec, start.toEpochMilli(), duration));
      return this;
    }

    public Builder outOfOrder(double fraction, Duration maxDelay) {
      outOfOrderFraction = fraction;
      outOfOrderMaxDelay = maxDelay;
      return this;
    }

    public Builder late(double fraction, Duration minDelay, Duration maxDelay) {
      lateFraction = fraction;
      lateMinDelay = minDelay;
      lateMaxDelay = maxDelay;
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    public SimulatorConfig build() {
      return new SimulatorConfig(
          seed,
          rate,
          start,
          duration,
          fleet,
          faults,
          outOfOrderFraction,
          outOfOrderMaxDelay,
          lateFraction,
          lateMinDelay,
          lateMaxDelay,
          requestTimeout);
    }
  }
}
