package dev.r1lat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessReportTest {
  private static final long W = 1_800_000_000_000L - 1_800_000_000_000L % 60_000;

  @Test
  void shouldMeasureFromEachAckUntilItsWindowIsVisibleBesideTheWindowPlusGraceBound() {
    List<long[]> acked = List.of(new long[] {W, W + 10_000}, new long[] {W, W + 50_000});
    Map<Long, Long> visible = Map.of(W, W + 75_000);
    Map<Long, Long> inKafka = Map.of(W, W + 72_000);

    String out = print(new FreshnessReport(acked, visible, inKafka, 10_000));

    assertThat(out).contains("events: 2 acknowledged, 1 windows visible, 0 events in windows");
    // bound: window end + grace - ack = 70 - 10 = 60 s and 70 - 50 = 20 s
    assertThat(out)
        .containsPattern("lower bound: window end \\+ grace - append +20\\.0 +20\\.0 +60\\.0");
    assertThat(out)
        .containsPattern("final stats readable in Kafka \\(streams app\\) +22\\.0 +22\\.0 +62\\.0");
    assertThat(out)
        .containsPattern(
            "row queryable \\(streams app \\+ sink \\+ ClickHouse\\) +25\\.0 +25\\.0 +65\\.0");
    assertThat(out).contains("target: p99 <= window + grace + 5 s = 75 s");
  }

  @Test
  void shouldCountEventsWhoseWindowNeverBecameVisible() {
    List<long[]> acked = List.of(new long[] {W, W + 1}, new long[] {W + 60_000, W + 60_001});

    String out = print(new FreshnessReport(acked, Map.of(W, W + 80_000), Map.of(), 10_000));

    assertThat(out).contains("1 events in windows never seen");
    assertThat(out).containsPattern("final stats readable in Kafka \\(streams app\\) +NaN");
  }

  @Test
  void shouldTakeTheFloorRankOrderStatisticInSeconds() {
    List<Long> v = List.of(4_000L, 1_000L, 3_000L, 2_000L);

    assertThat(FreshnessReport.q(v, 0.5)).isEqualTo(2.0);
    assertThat(FreshnessReport.q(v, 0.99)).isEqualTo(3.0);
    assertThat(FreshnessReport.q(v, 1.0)).isEqualTo(4.0);
    assertThat(FreshnessReport.q(List.of(), 0.5)).isNaN();
  }

  private static String print(FreshnessReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
