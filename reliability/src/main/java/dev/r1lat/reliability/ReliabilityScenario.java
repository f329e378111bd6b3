package dev.r1lat.reliability;

/** One fault scenario: it builds its own pipeline on the stack, injects the fault, checks. */
public interface ReliabilityScenario {
  /** Number and short title, as the bench table shows it. */
  String name();

  ScenarioResult run(ScenarioEnv env) throws Exception;
}
