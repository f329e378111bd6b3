package dev.r1lat.bench;

import dev.r1lat.ingest.sim.Fault;
import dev.r1lat.ingest.sim.FaultScenario;
import dev.r1lat.ingest.sim.FleetModel;
import dev.r1lat.ingest.sim.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator runs of {@code bench anomalies --simulate}: one run per scenario and repeat, each
 * with a single fault (so a roll-up group's anomaly can only be about that fault), and one longer
 * fault-free run with its own seed.
 *
 * <p>Repeat 0 injects the scenario into its default group; repeat k moves it k regions and k tiers
 * further along the fleet's lists, starts the run k × 7 h later in the day (another phase of the
 * diurnal load) and uses another seed, so the figures are not about one group at one hour.
 */
record AnomalyBenchPlan(List<Run> runs) {

  /** One simulator run; {@code scenario} is null for the fault-free one. */
  record Run(String name, FaultScenario scenario, int repeat, SimulatorConfig sim) {
    boolean faultFree() {
      return scenario == null;
    }
  }

  static final Instant FIRST_START = Instant.parse("2026-01-05T00:00:00Z");
  static final Duration PHASE_STEP = Duration.ofHours(7);

  /** The seed offset of the fault-free run, far from the scenario runs' seeds. */
  static final long FAULT_FREE_SEED_OFFSET = 1_000_003;

  static AnomalyBenchPlan of(
      List<FaultScenario> scenarios,
      int repeats,
      Duration runLength,
      Duration faultFreeLength,
      double rate,
      long seed) {
    if (repeats < 0) {
      throw new IllegalArgumentException("--repeats must be 0 (fault-free run only) or more");
    }
    if (runLength.toMinutes() < 60 || faultFreeLength.isNegative()) {
      throw new IllegalArgumentException(
          "a fault run needs at least 1 h (the detectors warm up first); got "
              + runLength.toMinutes()
              + " min");
    }
    FleetModel fleet = FleetModel.defaults();
    List<Run> runs = new ArrayList<>();
    for (int k = 0; k < repeats; k++) {
      for (FaultScenario s : scenarios) {
        Instant start = FIRST_START.plus(PHASE_STEP.multipliedBy(k));
        Fault f = moved(Fault.defaults(s, start.toEpochMilli(), runLength), fleet, k);
        SimulatorConfig sim =
            SimulatorConfig.builder()
                .seed(seed + 31L * k + s.ordinal())
                .rate(rate)
                .start(start)
                .duration(runLength)
                .fault(f)
                .build();
        runs.add(new Run(s.id() + " #" + (k + 1), s, k, sim));
      }
    }
    if (!faultFreeLength.isZero()) {
      SimulatorConfig quiet =
          SimulatorConfig.builder()
              .seed(seed + FAULT_FREE_SEED_OFFSET)
              .rate(rate)
              .start(FIRST_START.plus(Duration.ofHours(5)))
              .duration(faultFreeLength)
              .build();
      runs.add(new Run("fault-free", null, 0, quiet));
    }
    return new AnomalyBenchPlan(List.copyOf(runs));
  }

  /** The fault moved {@code k} regions and tiers along the fleet's lists (k = 0: unchanged). */
  static Fault moved(Fault f, FleetModel fleet, int k) {
    List<String> regions = fleet.regions().stream().map(FleetModel.Region::name).toList();
    List<String> tiers = fleet.tiers().stream().map(FleetModel.Tier::name).toList();
    String region = regions.get((regions.indexOf(f.region()) + k) % regions.size());
    String tier =
        Fault.ANY.equals(f.tier())
            ? Fault.ANY
            : tiers.get((tiers.indexOf(f.tier()) + k) % tiers.size());
    return new Fault(f.scenario(), region, tier, f.startMs(), f.endMs(), f.magnitude());
  }

  List<Run> faultRuns() {
    return runs.stream().filter(r -> !r.faultFree()).toList();
  }
}
