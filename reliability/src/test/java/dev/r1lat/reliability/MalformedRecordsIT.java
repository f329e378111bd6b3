package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.MalformedRecords;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class MalformedRecordsIT {

  @Test
  void shouldDeadLetterTenThousandMalformedRecordsWithReasonsAndCountAndStoreOnlyTheValidEvents(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int valid = env.volume().windows() * env.volume().perWindow();

    ScenarioResult r = new MalformedRecords().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.malformedIn()).isEqualTo(10_000);
    // the 1,000 stamped two hours ahead are quarantined (issue 11), the rest dead-lettered
    assertThat(l.deadLettered()).isEqualTo(9_000);
    assertThat(l.quarantined()).isEqualTo(1_000);
    assertThat(l.sinkDeadLettered()).isEqualTo(10_000);
    assertThat(l.counted()).isEqualTo(valid);
    assertThat(l.late()).isZero();
    assertThat(l.clickhouse().e2eCounted()).isEqualTo(valid);
    assertThat(l.clickhouse().rawRows())
        .as("the sink stores exactly what the streams app accepted")
        .isEqualTo(valid);
    assertThat(l.clickhouse().volumeRequests()).isEqualTo(valid);
    assertThat(l.duplicates()).isZero();
  }
}
