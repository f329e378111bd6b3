package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.ClickHouseHang;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 15: the network between the sink and ClickHouse hangs for 60 s, then resumes. */
@ExtendWith(RealStackExtension.class)
class ClickHouseHangIT {

  @Test
  void shouldLoseAndDoubleNothingWhenTheNetworkToClickHouseHangs(Stack stack, Endpoints endpoints)
      throws Exception {
    ScenarioResult r = new ClickHouseHang().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.clickhouse().rawRows()).isEqualTo(l.validIn());
    assertThat(l.clickhouse().volumeRequests()).isEqualTo(l.validIn());
    assertThat(r.duplicates()).isZero();
    assertThat(r.recovery()).isNotNull();
  }
}
