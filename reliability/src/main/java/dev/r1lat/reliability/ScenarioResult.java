package dev.r1lat.reliability;

import java.time.Duration;
import java.util.List;

/**
 * What one scenario found. {@code eventsIn}: records Kafka acknowledged on the input topic (valid
 * and malformed). {@code accounted}: of those, how many are in the final window stats, the late
 * topic or the dead-letter topic (or, for the sink-only scenario, in ClickHouse). {@code
 * duplicates}: anything counted twice, in the output topics or in ClickHouse. {@code problems}:
 * every exact check that did not hold, in words; empty when the scenario passed. {@code notes}:
 * what the scenario observed beside its checks.
 */
public record ScenarioResult(
    String scenario,
    long eventsIn,
    long accounted,
    long duplicates,
    Duration recovery,
    String recoveryMeaning,
    Ledger ledger,
    List<String> problems,
    List<String> notes) {

  public ScenarioResult {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  /** Counts from the scenario's ledger: what was sent, what came out, what came out twice. */
  public static ScenarioResult of(
      String scenario,
      Ledger l,
      Duration recovery,
      String recoveryMeaning,
      List<String> problems,
      List<String> notes) {
    return new ScenarioResult(
        scenario,
        l.eventsIn(),
        l.accounted(),
        l.duplicates(),
        recovery,
        recoveryMeaning,
        l,
        problems,
        notes);
  }

  public boolean passed() {
    return problems.isEmpty();
  }

  /** A scenario that could not run to the end (its exception is the one problem). */
  public static ScenarioResult failed(String scenario, Throwable e) {
    return new ScenarioResult(
        scenario, 0, 0, 0, null, "", Ledger.EMPTY, List.of("did not complete: " + e), List.of());
  }
}
