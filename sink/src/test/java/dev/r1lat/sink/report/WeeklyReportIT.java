package dev.r1lat.sink.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.r1lat.sink.ItDatabase;
import dev.r1lat.sink.TestData;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The weekly report read from real rollups: figures, week-over-week, regressions, the page. */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeeklyReportIT {
  private final ReportDataSet data = new ReportDataSet();
  private ItDatabase db;
  private WeeklyReport.Data report;
  private final LocalDate secondWeek =
      Instant.ofEpochMilli(TestData.T0).atZone(ZoneOffset.UTC).toLocalDate().plusWeeks(1);

  @BeforeAll
  void writeTwoWeeks(Endpoints endpoints) throws Exception {
    db = new ItDatabase(endpoints, "report");
    try (var writer = new ClickHouseBatchWriter(db.settings.client(), db.db())) {
      data.writeTo(writer);
    }
    report = new WeeklyReport(db.client, db.db()).read(secondWeek.plusDays(3));
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void shouldReportEveryGroupOfTheWeekWithTheMergedSketchPercentiles() {
    assertThat(report.week()).isEqualTo(secondWeek);
    assertThat(report.current()).hasSize(6 + 3 + 2 + 1);
    WeeklyReport.GroupWeek g =
        report.current().stream()
            .filter(x -> x.region().equals("eu-west") && x.tier().equals("H200"))
            .findFirst()
            .orElseThrow();
    var sketch = data.e2e.get("1|eu-west|H200");
    assertThat(g.requests()).isEqualTo((long) sketch.getCount());
    assertThat(g.e2eP99()).isCloseTo(sketch.getValueAtQuantile(0.99), within(1e-9 * g.e2eP99()));
    assertThat(g.e2eP50()).isCloseTo(sketch.getValueAtQuantile(0.5), within(1e-9 * g.e2eP50()));
    assertThat(g.outputTokens()).isPositive();
    assertThat(g.goodput()).isBetween(0.85, 0.9); // good / requests of the e2e rows
    assertThat(report.previous()).containsKey("eu-west / H200");
  }

  @Test
  void shouldPutTheSlowerQueueOfUsEastH100FirstAmongRegressions() {
    assertThat(report.regressions()).isNotEmpty();
    WeeklyReport.Regression top = report.regressions().get(0);
    assertThat(top.component()).isEqualTo("queue");
    assertThat(top.region()).isIn("us-east", "*");
    assertThat(top.p99Change()).isGreaterThan(1.0);
  }

  @Test
  void shouldRenderASelfContainedPageWithChartsAndNoNetwork() throws Exception {
    String html = ReportHtml.render(report);
    Path out = Path.of("target", "weekly-report-it.html");
    Files.writeString(out, html);
    assertThat(html).contains("<svg", "us-east", "H100", "Top week-over-week regressions");
    assertThat(html).doesNotContain("http://", "https://", "<script", "<link");
    assertThat(report.hourlyE2eP99()).isNotEmpty().allMatch(s -> s.values().size() == 7 * 24);
    assertThat(report.stages()).isNotEmpty();
  }
}
