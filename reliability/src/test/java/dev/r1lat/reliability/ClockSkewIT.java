package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.scenario.ClockSkew;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenarios 8, 8b, 9, 9b: one producer's clock 4 min or 1 h fast, as a burst or a trickle. */
@ExtendWith(RealStackExtension.class)
class ClockSkewIT {

  @Test
  void shouldCountEveryOnTimeEventAndTheBurstFourMinutesAheadInItsOwnWindow(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioResult r = run(stack, endpoints, Duration.ofMinutes(4), true);

    assertThat(r.ledger().late()).isZero();
    assertThat(r.ledger().quarantined()).isZero();
    assertThat(r.ledger().counted()).isEqualTo(r.eventsIn());
  }

  @Test
  void shouldCountEveryOnTimeEventAndATrickleFourMinutesAheadInItsOwnWindows(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioResult r = run(stack, endpoints, Duration.ofMinutes(4), false);

    assertThat(r.ledger().late()).isZero();
    assertThat(r.ledger().counted()).isEqualTo(r.eventsIn());
  }

  @Test
  void shouldCountEveryOnTimeEventAndQuarantineABurstAnHourAhead(Stack stack, Endpoints endpoints)
      throws Exception {
    ScenarioResult r = run(stack, endpoints, Duration.ofHours(1), true);

    assertThat(r.ledger().late()).isZero();
    assertThat(r.ledger().quarantined()).isEqualTo(24);
    assertThat(r.ledger().sinkDeadLettered()).isEqualTo(24);
  }

  @Test
  void shouldCountEveryOnTimeEventAndQuarantineATrickleAnHourAhead(Stack stack, Endpoints endpoints)
      throws Exception {
    ScenarioResult r = run(stack, endpoints, Duration.ofHours(1), false);

    assertThat(r.ledger().late()).isZero();
    assertThat(r.ledger().quarantined()).isPositive();
    assertThat(r.ledger().counted() + r.ledger().quarantined()).isEqualTo(r.eventsIn());
  }

  private static ScenarioResult run(Stack stack, Endpoints endpoints, Duration skew, boolean burst)
      throws Exception {
    ScenarioResult r =
        new ClockSkew("clock skew " + skew + (burst ? " burst" : " trickle"), skew, burst)
            .run(ItEnv.of(stack, endpoints));
    System.out.println("[reliability] " + r);
    assertThat(r.problems()).isEmpty();
    assertThat(r.accounted()).isEqualTo(r.eventsIn());
    assertThat(r.duplicates()).isZero();
    return r;
  }
}
