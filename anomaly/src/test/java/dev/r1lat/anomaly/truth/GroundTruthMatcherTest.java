package dev.r1lat.anomaly.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthMatcherTest {
  private static final long MIN = 60_000;
  private static final long T0 = 1_767_225_600_000L;
  private final GroundTruthMatcher matcher = new GroundTruthMatcher(5 * MIN, MIN);

  private static GroundTruthEvent fault(String region, long startMin, long endMin) {
    return GroundTruthEvent.parse(
        "{\"scenario\":\"slow-prefill\",\"kind\":\"latency\",\"region\":\""
            + region
            + "\",\"tier\":\"H100\",\"components\":[\"ttft\",\"prefill\"],\"startMs\":"
            + (T0 + startMin * MIN)
            + ",\"endMs\":"
            + (T0 + endMin * MIN)
            + "}");
  }

  private static LatencyAnomaly opened(String region, String component, long atMin) {
    return LatencyAnomaly.newBuilder()
        .setAnomalyId(region + component + atMin)
        .setKind(AnomalyKind.BASELINE_REGRESSION)
        .setState(AnomalyState.OPEN)
        .setRegion(region)
        .setTier("H100")
        .setComponent(component)
        .setMetric("p99")
        .setObserved(1)
        .setSeverity(Severity.WARNING)
        .setWindowStartMs(T0 + atMin * MIN)
        .setWindowEndMs(T0 + atMin * MIN + MIN)
        .setDetectedAtMs(0)
        .setReason("r")
        .build();
  }

  @Test
  void shouldCountMatchedOpeningsMissedFaultsAndDelay() {
    List<GroundTruthEvent> faults = List.of(fault("eu-west", 100, 130), fault("us-east", 300, 320));
    List<LatencyAnomaly> events =
        List.of(
            opened("eu-west", "ttft", 102), // 2 windows late
            opened("eu-west", "prefill", 104),
            opened("eu-west", "decode", 105), // wrong component: false
            opened("ap-south", "ttft", 110)); // wrong region: false

    GroundTruthMatcher.Report r = matcher.match(faults, events);

    assertThat(r.recall()).isEqualTo(0.5);
    assertThat(r.precision()).isEqualTo(0.5);
    assertThat(r.falseOpenings()).isEqualTo(2);
    assertThat(r.medianDelayWindows()).isEqualTo(2.0);
  }

  @Test
  void shouldTreatEveryOpeningOfAFaultFreeRunAsFalse() {
    GroundTruthMatcher.Report r = matcher.match(List.of(), List.of(opened("eu-west", "ttft", 5)));

    assertThat(r.falseOpenings()).isEqualTo(1);
    assertThat(r.precision()).isZero();
  }
}
