package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.SinkKill;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class SinkKillIT {

  @Test
  void shouldNotDuplicateRowsWhenTheSinkIsKilledBetweenInsertAndOffsetCommit(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioEnv env = ItEnv.of(stack, endpoints);
    int produced = env.volume().windows() * env.volume().perWindow();

    ScenarioResult r = new SinkKill().run(env);

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ledger().clickhouse().rawRows()).isEqualTo(produced);
    assertThat(r.ledger().clickhouse().rawDistinct()).isEqualTo(produced);
    assertThat(r.ledger().clickhouse().volumeRequests()).isEqualTo(produced);
    assertThat(r.duplicates()).isZero();
  }
}
