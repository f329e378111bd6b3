package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r1lat.reliability.scenario.BrokerRestart;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class BrokerRestartIT {

  @Test
  void shouldLoseNothingWhenTheBrokerRestartsMidRun(Stack stack, Endpoints endpoints)
      throws Exception {
    assumeTrue(stack instanceof LocalStack, "needs the local stack to restart Kafka");
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int produced = env.volume().windows() * env.volume().perWindow();

    ScenarioResult r = new BrokerRestart().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.validIn()).isEqualTo(produced);
    assertThat(l.counted() + l.late()).isEqualTo(produced);
    assertThat(l.duplicates()).isZero();
    assertThat(l.clickhouse().e2eCounted()).isEqualTo(l.counted());
    assertThat(l.clickhouse().rawRows()).isEqualTo(produced);
    assertThat(r.recovery()).isNotNull();
  }

  @Test
  void shouldLoseNothingWhenTheBrokerIsKilledMidRun(Stack stack, Endpoints endpoints)
      throws Exception {
    assumeTrue(stack instanceof LocalStack, "needs the local stack to kill Kafka");
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int produced = env.volume().windows() * env.volume().perWindow();

    ScenarioResult r = BrokerRestart.killed().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.counted() + l.late()).isEqualTo(produced);
    assertThat(l.duplicates()).isZero();
    assertThat(l.clickhouse().rawRows()).isEqualTo(produced);
    assertThat(r.recovery()).isNotNull();
  }
}
