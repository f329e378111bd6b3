package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.StreamsKill;
import dev.r1lat.reliability.scenario.StreamsKillAtRest;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class StreamsKillIT {

  @Test
  void shouldCountEveryEventExactlyOnceWhenTheStreamsAppIsKilledAndRestarted(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int produced = env.volume().windows() * env.volume().perWindow();

    ScenarioResult r = new StreamsKill().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.validIn()).isEqualTo(produced);
    assertThat(l.counted() + l.late()).isEqualTo(produced);
    assertThat(l.deadLettered()).isZero();
    assertThat(l.duplicates()).isZero();
    assertThat(l.clickhouse().e2eCounted()).isEqualTo(l.counted());
    assertThat(l.clickhouse().rawRows()).isEqualTo(produced);
  }

  @Test
  void shouldCountTheOpenWindowWhenKilledAfterTheLastInputAndRestartedWithoutNewInput(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int produced = 3 * env.volume().perWindow();

    ScenarioResult r = new StreamsKillAtRest().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ledger().counted() + r.ledger().late()).isEqualTo(produced);
    assertThat(r.ledger().duplicates()).isZero();
  }
}
