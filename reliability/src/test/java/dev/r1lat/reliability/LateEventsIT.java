package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.LateEvents;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class LateEventsIT {

  @Test
  void shouldCountOutOfOrderEventsWithinGraceAndRouteLaterOnesToTheLateTopic(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioResult r = new LateEvents().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    // 3 partitions x 4 windows x 240 in-order events, and for each of the first three windows of
    // each partition 2 out-of-order events within grace and 2 after the window closed
    assertThat(l.eventsIn()).isEqualTo(3 * 4 * 240 + 3 * 3 * 4);
    assertThat(l.counted()).isEqualTo(3 * 4 * 240 + 3 * 3 * 2);
    assertThat(l.late()).isEqualTo(3 * 3 * 2);
    assertThat(l.clickhouse().e2eCounted()).isEqualTo(l.counted() + l.corrected());
    assertThat(l.corrected()).isEqualTo(l.late());
    assertThat(l.duplicates()).isZero();
  }
}
