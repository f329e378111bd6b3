package dev.r1lat.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Stats whose percentiles describe the OK requests only: their sample size is okCount. */
class OkOnlyWindowPointTest {
  private static LatencyWindowStats stats(long count, Long okCount, DDSketch ok) {
    double[] q = ok.getValuesAtQuantiles(new double[] {0.5, 0.9, 0.95, 0.99, 0.999});
    return LatencyWindowStats.newBuilder()
        .setWindowStartMs(0)
        .setWindowEndMs(60_000)
        .setRegion("eu-west")
        .setTier("H100")
        .setComponent("ttft")
        .setCount(count)
        .setErrorCount(okCount == null ? 0 : count - okCount)
        .setOkCount(okCount)
        .setP50(q[0])
        .setP90(q[1])
        .setP95(q[2])
        .setP99(q[3])
        .setP999(q[4])
        .setMean(0)
        .setMax(ok.getMaxValue())
        .setSketch(ByteBuffer.wrap(LatencySketches.encode(ok)))
        .build();
  }

  @Test
  void shouldJudgeAPercentileOfOkRequestsByHowManySucceeded() {
    DDSketch ok = LatencySketches.create();
    for (int i = 0; i < 38; i++) {
      ok.accept(800 + i);
    }
    ok.accept(4_000);
    ok.accept(4_100);
    // 40 successes among 1,000 requests (960 failed fast): two slow ones of 40 are chance
    WindowPoint okOnly = WindowPoint.of(stats(1_000, 40L, ok));
    WindowPoint fortyRequests = WindowPoint.of(stats(40, null, ok));

    assertThat(okOnly.count()).isEqualTo(1_000);
    assertThat(okOnly.lowerBound("p99", 3)).isEqualTo(fortyRequests.lowerBound("p99", 3));
    assertThat(okOnly.lowerBound("p99", 3)).isLessThan(1_000);
  }
}
