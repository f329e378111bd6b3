package dev.r1lat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyBenchBaselineTest {
  private static final long T0 = 1_767_225_600_000L;

  static LatencyWindowStats stats(long minute, String region, String tier, double p50, double p99) {
    return LatencyWindowStats.newBuilder()
        .setWindowStartMs(T0 + minute * 60_000)
        .setWindowEndMs(T0 + (minute + 1) * 60_000)
        .setRegion(region)
        .setTier(tier)
        .setDimensions(Map.of())
        .setComponent("ttft")
        .setCount(100)
        .setErrorCount(0)
        .setP50(p50)
        .setP90(p50)
        .setP95(p99)
        .setP99(p99)
        .setP999(p99)
        .setMean(p50)
        .setMax(p99)
        .setSketch(ByteBuffer.allocate(0))
        .build();
  }

  @Test
  void shouldOpenOnceWhenASeriesLeavesItsBandAfterWarmUp() {
    AnomalyBenchBaseline baseline = new AnomalyBenchBaseline();
    for (int m = 0; m < 60; m++) {
      baseline.accept(stats(m, "eu-west", "H100", 300 + (m % 3), 900 + (m % 5)));
    }
    for (int m = 60; m < 65; m++) {
      baseline.accept(stats(m, "eu-west", "H100", 300 + (m % 3), 5_000));
    }

    assertThat(baseline.openings()).hasSize(1);
    LatencyAnomaly a = baseline.openings().get(0);
    assertThat(a.getState()).isEqualTo(AnomalyState.OPEN);
    assertThat(a.getMetric()).isEqualTo("p99");
    assertThat(a.getWindowStartMs()).isEqualTo(T0 + 60 * 60_000);
  }

  @Test
  void shouldFollowEachSeriesOnItsOwn() {
    AnomalyBenchBaseline baseline = new AnomalyBenchBaseline();
    for (int m = 0; m < 60; m++) {
      baseline.accept(stats(m, "eu-west", "H100", 300 + (m % 3), 900 + (m % 5)));
      baseline.accept(stats(m, "us-east", "H100", 3_000 + (m % 3), 9_000 + (m % 5)));
    }

    assertThat(baseline.openings()).isEmpty();
  }
}
