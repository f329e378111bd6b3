package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.ClickHouseRejects;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 13: ClickHouse refuses every block holding one host's events (a constraint). */
@ExtendWith(RealStackExtension.class)
class ClickHouseRejectsIT {

  @Test
  void shouldStoreWhatClickHouseAcceptsAndDeadLetterWhatItRefusesWithItsError(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioResult r = new ClickHouseRejects().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.sinkDeadLettered()).isPositive();
    assertThat(l.clickhouse().rawRows() + l.sinkDeadLettered()).isEqualTo(l.validIn());
    assertThat(r.duplicates()).isZero();
  }
}
