package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.InstanceFailover;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class InstanceFailoverIT {

  @Test
  void shouldKeepTotalsExactWhenOneOfTwoInstancesIsKilledAndTheOtherTakesOver(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int produced = env.volume().windows() * env.volume().perWindow();

    ScenarioResult r = new InstanceFailover().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.counted() + l.late()).isEqualTo(produced);
    assertThat(l.duplicates()).isZero();
    assertThat(l.clickhouse().e2eCounted()).isEqualTo(l.counted());
    assertThat(l.clickhouse().rawRows()).isEqualTo(produced);
  }
}
