package dev.r1lat.sink.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.r1lat.sink.report.LatencyIndexReport.Row;
import dev.r1lat.sink.report.LatencyIndexReport.Section;
import dev.r1lat.sink.report.LatencyIndexReport.Sums;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyIndexReportTest {
  @Test
  void shouldCombineGroupsByTheirSumsNotByAveragingIndexes() {
    // a busy group as fast as its baseline, a small one twice as slow: 1.1, not the mean 1.5
    Sums busy = new Sums(900, 900_000, 900_000, 9_000, 9_000, 1_800_000);
    Sums small = new Sums(100, 200_000, 100_000, 2_000, 1_000, 200_000);
    Sums both = busy.plus(small);
    assertThat(both.e2eIndex()).isCloseTo(1.1 / 1.0, within(1e-12));
    assertThat(both.ttftIndex()).isCloseTo(11_000 / 10_000.0, within(1e-12));
    assertThat(both.e2eMeanMs()).isCloseTo(1_100, within(1e-9));
    assertThat(both.reasoningMean()).isCloseTo(2_000, within(1e-9));
  }

  @Test
  void shouldShowTheIndexBesideLatencyAndTokensWithLastWeek() {
    Sums week = new Sums(1_000, 2_000_000, 1_000_000, 10_000, 10_000, 4_000_000);
    Sums last = new Sums(1_000, 1_000_000, 1_000_000, 10_000, 10_000, 2_000_000);
    Row r = new Row("*", "H100", "deepseek-r1", week, last);
    StringBuilder h = new StringBuilder();
    LatencyIndexReport.render(h, new Section(List.of(r), List.of()));
    assertThat(h.toString())
        .contains("Latency index", "H100", "deepseek-r1", "<span class='up'>2.00</span>")
        .contains("<span class=''>1.00</span>", "+100.0%");
  }

  @Test
  void shouldSaySoWhenNoGroupHasABaselineYet() {
    StringBuilder h = new StringBuilder();
    LatencyIndexReport.render(h, new Section(List.of(), List.of()));
    assertThat(h.toString()).contains("No index this week").doesNotContain("<table>");
  }
}
