package dev.r1lat.ingest.sim;

import dev.r1lat.ingest.sim.FleetModel.Region;
import dev.r1lat.ingest.sim.FleetModel.Tier;

/**
 * What the injected faults do to one request arriving at a given time in a region × tier: the
 * multipliers and additions its latency model applies, and the silence that may swallow its event
 * (judged later, on its event time). With no fault in force everything is neutral.
 */
final class FaultEffects {
  double rho;
  double prefillMult = 1;
  double decodeMult = 1;
  double netMult = 1;
  double netAddMs = 0;
  double queueMult = 1;
  double reasoningMult = 1;
  double errorRate;
  boolean storm = false;
  Fault silence = null;

  private FaultEffects(double rho, double errorRate) {
    this.rho = rho;
    this.errorRate = errorRate;
  }

  static FaultEffects at(SimulatorConfig c, Region region, Tier tier, long arrival) {
    FleetModel fleet = c.fleet();
    FaultEffects fx = new FaultEffects(fleet.utilization(region, arrival), fleet.baseErrorRate());
    for (Fault f : c.faults()) {
      if (!f.appliesTo(region.name(), tier.name())) {
        continue;
      }
      if (f.scenario() == FaultScenario.REGION_SILENT) {
        fx.silence = f; // judged on event time
        continue;
      }
      if (f.activeAt(arrival)) {
        fx.apply(f, arrival);
      }
    }
    return fx;
  }

  private void apply(Fault f, long arrival) {
    double m = f.magnitude();
    switch (f.scenario()) {
      case GPU_DEGRADATION -> {
        prefillMult *= m;
        decodeMult *= m;
      }
      case NETWORK_CONGESTION -> {
        netMult *= 2.5;
        netAddMs += m;
      }
      case QUEUE_SATURATION -> {
        rho = Math.max(rho, 0.985);
        queueMult *= m;
      }
      case ERROR_STORM -> {
        errorRate = Math.max(errorRate, m);
        storm = true;
      }
      case CREEPING_REGRESSION -> decodeMult *= 1 + (m - 1) * f.progress(arrival);
      case MIX_SHIFT -> reasoningMult *= m; // harder questions, same serving speed
      default -> {}
    }
  }
}
