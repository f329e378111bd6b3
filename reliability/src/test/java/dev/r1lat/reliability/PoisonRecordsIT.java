package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.MalformedRecords;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 11: poison records of every decoder failure kind, dead-lettered by both apps. */
@ExtendWith(RealStackExtension.class)
class PoisonRecordsIT {

  @Test
  void shouldDeadLetterEveryPoisonRecordInBothAppsAndKeepBothAlive(Stack stack, Endpoints endpoints)
      throws Exception {
    ScenarioResult r = MalformedRecords.poison().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    long poison = Malformations.POISON.size() * 100L;
    assertThat(l.deadLettered()).isEqualTo(poison);
    assertThat(l.sinkDeadLettered()).isEqualTo(poison);
    assertThat(l.counted()).isEqualTo(l.validIn());
    assertThat(l.duplicates()).isZero();
  }
}
