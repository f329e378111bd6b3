package dev.r1lat.sink;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Severity;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;

/** Deterministic synthetic events for tests. */
public final class TestData {
  /**
   * Monday of last week, 00:00 UTC: recent enough for every TTL, and a whole week before this one
   * for week-over-week tests.
   */
  public static final long T0 =
      java.time.LocalDate.now(java.time.ZoneOffset.UTC)
          .with(java.time.DayOfWeek.MONDAY)
          .minusWeeks(1)
          .atStartOfDay(java.time.ZoneOffset.UTC)
          .toInstant()
          .toEpochMilli();

  private TestData() {}

  public static RequestTiming timing(int i) {
    Random r = new Random(i);
    return RequestTiming.newBuilder()
        .setRequestId("req-" + i)
        .setEventTimeMs(T0 + i * 10L)
        .setRegion(i % 3 == 0 ? "eu-west" : "us-east")
        .setTier(i % 2 == 0 ? "H100" : "H200")
        .setModel("deepseek-r1")
        .setServerId("srv-" + (i % 7))
        .setStatus(i % 50 == 0 ? RequestStatus.ERROR : RequestStatus.OK)
        .setPromptTokens(500 + r.nextInt(500))
        .setReasoningTokens(200 + r.nextInt(800))
        .setAnswerTokens(100 + r.nextInt(300))
        .setTtftMs(300 + r.nextDouble() * 400)
        .setDecodeMs(2_000 + r.nextDouble() * 5_000)
        .setE2eMs(4_000 + r.nextDouble() * 8_000)
        .build();
  }

  /** A sketch of n lognormal-ish latencies around medianMs, seeded. */
  public static DDSketch sketch(long seed, int n, double medianMs) {
    Random r = new Random(seed);
    DDSketch s = LatencySketches.create();
    for (int i = 0; i < n; i++) {
      s.accept(medianMs * Math.exp(r.nextGaussian() * 0.5));
    }
    if (seed % 5 == 0) {
      s.accept(0.0); // exercise the zero bucket
    }
    return s;
  }

  public static LatencyWindowStats stats(
      long windowStartMs, String region, String tier, String component, DDSketch s) {
    return LatencyWindowStats.newBuilder()
        .setWindowStartMs(windowStartMs)
        .setWindowEndMs(windowStartMs + 60_000)
        .setRegion(region)
        .setTier(tier)
        .setDimensions(Map.of())
        .setComponent(component)
        .setCount((long) s.getCount())
        .setErrorCount(1)
        .setSloThresholdMs(10_000.0)
        .setOverSloCount(2)
        .setP50(s.getValueAtQuantile(0.5))
        .setP90(s.getValueAtQuantile(0.9))
        .setP95(s.getValueAtQuantile(0.95))
        .setP99(s.getValueAtQuantile(0.99))
        .setP999(s.getValueAtQuantile(0.999))
        .setMean(s.getSum() / s.getCount())
        .setMax(s.getMaxValue())
        .setSketch(ByteBuffer.wrap(LatencySketches.encode(s)))
        .build();
  }

  public static LatencyAnomaly anomaly(int i) {
    return LatencyAnomaly.newBuilder()
        .setAnomalyId("an-" + (i / 3))
        .setKind(AnomalyKind.SLO_BREACH)
        .setState(
            i % 3 == 0
                ? AnomalyState.OPEN
                : i % 3 == 1 ? AnomalyState.UPDATE : AnomalyState.RESOLVED)
        .setRegion("eu-west")
        .setTier("H100")
        .setComponent("ttft")
        .setMetric("p99")
        .setObserved(4100.0)
        .setBaseline(1200.0)
        .setSeverity(Severity.WARNING)
        .setWindowStartMs(T0)
        .setWindowEndMs(T0 + 60_000)
        .setDetectedAtMs(T0 + 60_000 + i)
        .setReason("ttft p99 4.1 s vs baseline 1.2 s")
        .build();
  }
}
