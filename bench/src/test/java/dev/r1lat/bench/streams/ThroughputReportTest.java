package dev.r1lat.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThroughputReportTest {
  private static final long S = 1_000_000_000L;
  private static final ThroughputReport.Rate RAW = new ThroughputReport.Rate(1_000_000, 1.5);
  private static final ThroughputReport.Rate STREAMS = new ThroughputReport.Rate(300_000, 6.0);

  @Test
  void shouldRateTheTopologyAgainstTheAnchorsSteadyStateAndPrintBothAnchorWindows() {
    CountSamples anchor = new CountSamples(1_000_000, 0, 0);
    anchor.add(4 * S, 200_000, 10 * S); // start-up: 4 s
    for (int i = 1; i <= 14; i++) { // 700k in 7 s: 100k/s, 14 CPU-s
      anchor.add(4 * S + i * S / 2, 200_000 + 50_000 * i, 10 * S + i * S);
    }
    anchor.add(12 * S, 1_000_000, 26 * S);

    ThroughputReport report = new ThroughputReport(RAW, STREAMS, "exactly_once_v2", anchor, 2);

    assertThat(report.vsAnchor()).isCloseTo(3.0, within(1e-9));
    String out = print(report);
    assertThat(out)
        .containsPattern("raw KafkaConsumer \\(bytes, no processing\\): +1,000,000 +1\\.50")
        .containsPattern("r1lat topology \\(exactly_once_v2\\): +300,000 +6\\.00")
        .containsPattern("ClickHouse Kafka engine \\+ raw \\+ t-digest MV: +100,000 +20\\.00")
        .containsPattern("same, start to N .*12\\.0 s\\): +83,333 +26\\.00")
        .contains("ratio: topology 0.30 x raw (target >= 0.3)")
        .contains("ratio: topology 3.00 x ClickHouse anchor (target >= 3; 3.60 x its start-to-N")
        .contains("cost: ClickHouse anchor 3.33 x the topology's CPU-s per M events")
        .contains("2 Kafka engine consumers");
  }

  @Test
  void shouldRateAgainstTheAnchorsWholeRunWhenItHasNoSteadyState() {
    CountSamples anchor = new CountSamples(1_000_000, 0, 0);
    anchor.add(2 * S, 100_000, 0);
    anchor.add(10 * S, 1_000_000, 0); // 100k/s from start to N

    ThroughputReport report = new ThroughputReport(RAW, STREAMS, "exactly_once_v2", anchor, 2);

    assertThat(report.vsAnchor()).isCloseTo(3.0, within(1e-9));
    assertThat(print(report))
        .containsPattern("t-digest MV \\(\\*\\): +100,000")
        .contains("(*) start to N");
  }

  @Test
  void shouldLeaveTheAnchorOutWhenItDidNotRun() {
    String out = print(new ThroughputReport(RAW, STREAMS, "at_least_once", null, 2));

    assertThat(out).contains("ratio: topology 0.30 x raw").doesNotContain("ClickHouse");
  }

  @Test
  void shouldPrintNotAvailableForAnUnknownCpu() {
    String out =
        print(
            new ThroughputReport(
                RAW, new ThroughputReport.Rate(1, Double.NaN), "exactly_once_v2", null, 2));

    assertThat(out).containsPattern("r1lat topology \\(exactly_once_v2\\): +1 +n/a");
  }

  private static String print(ThroughputReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
