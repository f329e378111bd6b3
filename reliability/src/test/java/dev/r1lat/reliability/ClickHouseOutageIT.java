package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r1lat.reliability.scenario.ClickHouseOutage;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class ClickHouseOutageIT {

  @Test
  void shouldCatchUpAfterClickHouseIsDownForAMinuteWithNothingLostOrDoubled(
      Stack stack, Endpoints endpoints) throws Exception {
    assumeTrue(stack instanceof LocalStack, "needs the local stack to stop ClickHouse");
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int produced = env.volume().windows() * env.volume().perWindow();

    ScenarioResult r = new ClickHouseOutage().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    Ledger l = r.ledger();
    assertThat(l.clickhouse().rawRows()).isEqualTo(produced);
    assertThat(l.clickhouse().rawDistinct()).isEqualTo(produced);
    assertThat(l.clickhouse().volumeRequests()).isEqualTo(produced);
    assertThat(l.clickhouse().statsRows()).isEqualTo(l.statsRecords());
    assertThat(l.clickhouse().e2eCounted()).isEqualTo(l.counted());
    assertThat(l.counted() + l.late()).isEqualTo(produced);
    assertThat(r.duplicates()).isZero();
  }
}
