package dev.r1lat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.ingest.sim.Fault;
import dev.r1lat.ingest.sim.FaultScenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyBenchPlanTest {
  private static final Duration FOUR_HOURS = Duration.ofHours(4);
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  @Test
  void shouldRunEveryScenarioPerRepeatWithOneFaultAndAFaultFreeRun() {
    AnomalyBenchPlan plan =
        AnomalyBenchPlan.of(List.of(FaultScenario.values()), 2, FOUR_HOURS, SIX_HOURS, 50, 1);

    assertThat(plan.faultRuns()).hasSize(2 * FaultScenario.values().length);
    assertThat(plan.faultRuns()).allSatisfy(r -> assertThat(r.sim().faults()).hasSize(1));
    AnomalyBenchPlan.Run quiet = plan.runs().get(plan.runs().size() - 1);
    assertThat(quiet.faultFree()).isTrue();
    assertThat(quiet.sim().faults()).isEmpty();
    assertThat(quiet.sim().duration()).isEqualTo(SIX_HOURS);
    assertThat(plan.faultRuns())
        .extracting(r -> r.sim().seed())
        .doesNotHaveDuplicates()
        .doesNotContain(quiet.sim().seed());
  }

  @Test
  void shouldMoveARepeatToAnotherGroupAndHourOfTheDay() {
    AnomalyBenchPlan plan =
        AnomalyBenchPlan.of(
            List.of(FaultScenario.GPU_DEGRADATION), 2, FOUR_HOURS, Duration.ZERO, 50, 1);

    Fault first = plan.runs().get(0).sim().faults().get(0);
    Fault second = plan.runs().get(1).sim().faults().get(0);
    assertThat(plan.runs()).hasSize(2);
    assertThat(first.region() + "/" + first.tier()).isEqualTo("us-east/H100");
    assertThat(second.region() + "/" + second.tier()).isEqualTo("eu-west/A100");
    assertThat(plan.runs().get(1).sim().start())
        .isEqualTo(plan.runs().get(0).sim().start().plus(AnomalyBenchPlan.PHASE_STEP));
    // the fault sits in 50-70 % of its own run
    long start = plan.runs().get(1).sim().startMs();
    assertThat(second.startMs() - start).isEqualTo(FOUR_HOURS.toMillis() / 2);
  }

  @Test
  void shouldKeepARegionWideFaultRegionWide() {
    Fault moved =
        AnomalyBenchPlan.moved(
            Fault.defaults(FaultScenario.REGION_SILENT, 0, FOUR_HOURS),
            dev.r1lat.ingest.sim.FleetModel.defaults(),
            3);

    assertThat(moved.tier()).isEqualTo(Fault.ANY);
    assertThat(moved.region()).isEqualTo("ap-south"); // us-west, 3 on in a list of 4
  }

  @Test
  void shouldRefuseRunsTooShortToWarmUp() {
    assertThatThrownBy(
            () ->
                AnomalyBenchPlan.of(
                    List.of(FaultScenario.ERROR_STORM),
                    1,
                    Duration.ofMinutes(30),
                    SIX_HOURS,
                    50,
                    1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 h");
  }
}
