package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.ExtremeValues;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 10: 1e-300 ms and 24 h over 64 x 64 groups, streams worker at -Xmx512m. */
@ExtendWith(RealStackExtension.class)
class ExtremeValuesIT {

  @Test
  void shouldCountEveryExtremeEventOverFourThousandGroupsWithinTheStatedHeap(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioResult r = new ExtremeValues().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ledger().counted()).isEqualTo(r.eventsIn());
    assertThat(r.ledger().clickhouse().rawRows()).isEqualTo(r.eventsIn());
    assertThat(r.duplicates()).isZero();
  }
}
