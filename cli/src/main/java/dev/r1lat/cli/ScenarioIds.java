package dev.r1lat.cli;

import dev.r1lat.ingest.sim.FaultScenario;
import java.util.Arrays;
import java.util.Iterator;

/** The simulator's scenario names, so {@code simulate --help} lists them from the one enum. */
final class ScenarioIds implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(FaultScenario.values()).map(FaultScenario::id).iterator();
  }
}
