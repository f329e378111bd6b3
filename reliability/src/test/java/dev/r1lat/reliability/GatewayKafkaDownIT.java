package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.r1lat.reliability.scenario.GatewayKafkaDown;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 16: clients of the gateway while the broker is SIGKILLed and restarted. */
@ExtendWith(RealStackExtension.class)
class GatewayKafkaDownIT {

  @Test
  void shouldAnswer503InTimeAndCountEveryEventOnceWhenClientsRetryAsTold(
      Stack stack, Endpoints endpoints) throws Exception {
    assumeTrue(stack instanceof LocalStack, "needs the local stack to kill Kafka");

    ScenarioResult r = new GatewayKafkaDown().run(ItEnv.of(stack, endpoints));

    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    assertThat(r.accounted()).isEqualTo(r.eventsIn());
    assertThat(r.ledger().clickhouse().rawFinal()).isEqualTo(r.eventsIn());
    assertThat(r.ledger().clickhouse().rawDistinct()).isEqualTo(r.eventsIn());
    assertThat(r.duplicates()).isZero();
  }
}
