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
    return opened(region, "H100", component, atMin);
  }

  private static LatencyAnomaly opened(String region, String tier, String component, long atMin) {
    return LatencyAnomaly.newBuilder()
        .setAnomalyId(region + component + atMin)
        .setKind(AnomalyKind.BASELINE_REGRESSION)
        .setState(AnomalyState.OPEN)
        .setRegion(region)
        .setTier(tier)
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

  @Test
  void shouldCountRollUpsContainingTheFaultyGroupAndNoOthers() {
    List<GroundTruthEvent> faults = List.of(fault("eu-west", 100, 130));
    List<LatencyAnomaly> events =
        List.of(
            opened("eu-west", "*", "ttft", 101), // the region's roll-up
            opened("*", "H100", "ttft", 101), // the tier's roll-up
            opened("*", "*", "prefill", 102), // the fleet
            opened("*", "A100", "ttft", 101), // another tier: no eu-west/H100 traffic in it
            opened("eu-west", "A100", "ttft", 101)); // a sibling group

    GroundTruthMatcher.Report r = matcher.match(faults, events);

    assertThat(r.matched()).hasSize(3);
    assertThat(r.unmatched()).extracting(LatencyAnomaly::getTier).containsExactly("A100", "A100");
    assertThat(r.perFault().get(0).openings()).isEqualTo(3);
    assertThat(r.perFault().get(0).delayWindows()).isEqualTo(1.0);
  }

  @Test
  void shouldLetARegionWideFaultCoverEveryTierOfItsRegion() {
    GroundTruthEvent regionWide =
        GroundTruthEvent.parse(
            "{\"scenario\":\"network-congestion\",\"region\":\"ap-south\",\"tier\":\"*\","
                + "\"components\":[\"network\"],\"startMs\":"
                + (T0 + 10 * MIN)
                + ",\"endMs\":"
                + (T0 + 20 * MIN)
                + "}");
    List<LatencyAnomaly> events =
        List.of(opened("ap-south", "L40S", "network", 10), opened("us-east", "*", "network", 10));

    GroundTruthMatcher.Report r = matcher.match(List.of(regionWide), events);

    assertThat(r.matchedOpenings()).isEqualTo(1);
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.perFault().get(0).first()).isPresent();
  }

  @Test
  void shouldPoolSeveralRuns() {
    GroundTruthMatcher.Report a =
        matcher.match(List.of(fault("eu-west", 100, 130)), List.of(opened("eu-west", "ttft", 100)));
    GroundTruthMatcher.Report b =
        matcher.match(List.of(fault("us-east", 100, 130)), List.of(opened("ap-south", "ttft", 5)));

    GroundTruthMatcher.Report both = a.plus(b);

    assertThat(both.faults()).isEqualTo(2);
    assertThat(both.recall()).isEqualTo(0.5);
    assertThat(both.precision()).isEqualTo(0.5);
    assertThat(both.perFault()).hasSize(2);
    assertThat(both.perFault().get(1).detected()).isFalse();
  }
}
