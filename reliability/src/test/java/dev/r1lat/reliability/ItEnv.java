package dev.r1lat.reliability;

import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import java.nio.file.Path;

/** The scenario environment of the ITs: the test stack, worker logs under target/. */
final class ItEnv {
  private ItEnv() {}

  static ScenarioEnv of(Stack stack, Endpoints endpoints) {
    return of(stack, endpoints, ScenarioEnv.Volume.defaults());
  }

  static ScenarioEnv of(Stack stack, Endpoints endpoints, ScenarioEnv.Volume volume) {
    Path work = Path.of("target", "reliability-it").toAbsolutePath();
    return new ScenarioEnv(
        endpoints, stack, work, line -> System.out.println("[reliability] " + line), volume);
  }
}
