package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.Retries;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 17: one request in ten sent twice with the same request id. */
@ExtendWith(RealStackExtension.class)
class RetriesIT {

  @Test
  void shouldCountAndStoreARetriedRequestOnce(Stack stack, Endpoints endpoints) throws Exception {
    ScenarioResult r = new Retries().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.duplicatesDropped()).isPositive();
    assertThat(l.counted() + l.duplicatesDropped()).isEqualTo(l.validIn());
    assertThat(l.clickhouse().rawFinal()).isEqualTo(l.counted());
    assertThat(r.duplicates()).isZero();
  }
}
