package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.Backfill;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 12: 101 events one per day over the last 101 days, into normal traffic. */
@ExtendWith(RealStackExtension.class)
class BackfillIT {

  @Test
  void shouldStoreOrQuarantineEveryBackfilledEventAndCountTheTraffic(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioResult r = new Backfill().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    // 1 h, 1 d 1 h, ... 13 d 1 h old: within events.max-age (14 d); the other 87 are too old
    assertThat(l.late()).isEqualTo(14);
    assertThat(l.quarantined()).isEqualTo(87);
    assertThat(l.sinkDeadLettered()).isEqualTo(87);
    assertThat(r.accounted()).isEqualTo(r.eventsIn());
    assertThat(r.duplicates()).isZero();
  }
}
