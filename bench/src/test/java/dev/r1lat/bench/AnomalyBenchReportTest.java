package dev.r1lat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.truth.GroundTruthEvent;
import dev.r1lat.anomaly.truth.GroundTruthMatcher;
import dev.r1lat.bench.BenchAnomaliesSimulation.RunResult;
import dev.r1lat.ingest.sim.FaultScenario;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyBenchReportTest {
  private static final long MIN = 60_000;
  private static final AnomalyBenchPlan PLAN =
      AnomalyBenchPlan.of(
          List.of(FaultScenario.GPU_DEGRADATION),
          1,
          Duration.ofHours(4),
          Duration.ofHours(6),
          50,
          1);
  private final GroundTruthMatcher matcher = new GroundTruthMatcher(5 * MIN, MIN);

  private RunResult faultRun(long delayMinutes, boolean detected) {
    AnomalyBenchPlan.Run run = PLAN.runs().get(0);
    GroundTruthEvent fault =
        BenchAnomaliesSimulation.event(run.sim().faults().get(0).groundTruth());
    List<LatencyAnomaly> ours =
        detected
            ? List.of(opened("us-east", "H100", fault.startMs() + delayMinutes * MIN))
            : List.of();
    List<LatencyAnomaly> base = List.of(opened("ap-south", "L40S", fault.startMs()));
    return new RunResult(
        run, 1_000, 1, matcher.match(List.of(fault), ours), matcher.match(List.of(fault), base));
  }

  private RunResult quietRun(int anomalies) {
    AnomalyBenchPlan.Run run = PLAN.runs().get(1);
    List<LatencyAnomaly> ours =
        java.util.stream.IntStream.range(0, anomalies)
            .mapToObj(i -> opened("eu-west", "A100", run.sim().startMs() + i * MIN))
            .toList();
    return new RunResult(
        run, 2_000, 1, matcher.match(List.of(), ours), matcher.match(List.of(), List.of()));
  }

  private static LatencyAnomaly opened(String region, String tier, long atMs) {
    return LatencyAnomaly.newBuilder()
        .setAnomalyId("a" + atMs)
        .setKind(AnomalyKind.BASELINE_REGRESSION)
        .setState(AnomalyState.OPEN)
        .setRegion(region)
        .setTier(tier)
        .setComponent("ttft")
        .setMetric("p50")
        .setObserved(1)
        .setSeverity(Severity.WARNING)
        .setWindowStartMs(atMs)
        .setWindowEndMs(atMs + MIN)
        .setDetectedAtMs(atMs + MIN)
        .setReason("ttft p50 up")
        .build();
  }

  @Test
  void shouldMeetTheTargetsWithADetectedFaultAndAQuietFaultFreeRun() {
    AnomalyBenchReport report =
        new AnomalyBenchReport(List.of(faultRun(1, true), quietRun(0)), MIN);

    assertThat(report.failures()).isEmpty();
    String printed = print(report);
    assertThat(printed)
        .contains("gpu-degradation #1")
        .contains("us-east/H100 2:00-2:48")
        .contains("1/1 (1.0)")
        .contains("r1lat 0 anomalies (target 0)")
        .contains("ewma-z (baseline)");
  }

  @Test
  void shouldFailOnAnyAnomalyOfTheFaultFreeRunAndListIt() {
    AnomalyBenchReport report =
        new AnomalyBenchReport(List.of(faultRun(1, true), quietRun(2)), MIN);

    assertThat(report.failures()).containsExactly("2 anomalies in the fault-free run");
    assertThat(print(report)).contains("r1lat 2 anomalies (target 0)").contains("eu-west/A100");
  }

  @Test
  void shouldFailOnAMissedFaultAndOnALateOne() {
    assertThat(new AnomalyBenchReport(List.of(faultRun(0, false)), MIN).failures())
        .anySatisfy(f -> assertThat(f).startsWith("recall 0.000"));
    assertThat(new AnomalyBenchReport(List.of(faultRun(7, true)), MIN).failures())
        .containsExactly("median delay 7.0 > 2 windows");
  }

  private static String print(AnomalyBenchReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
