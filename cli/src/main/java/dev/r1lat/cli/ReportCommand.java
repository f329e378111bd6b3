package dev.r1lat.cli;

import com.clickhouse.client.api.Client;
import dev.r1lat.sink.report.ReportHtml;
import dev.r1lat.sink.report.WeeklyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat report weekly}: the capacity-review page. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Reports built from the ClickHouse rollups.",
    subcommands = {ReportCommand.Weekly.class})
final class ReportCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "weekly",
      mixinStandardHelpOptions = true,
      description = {
        "Write the weekly capacity-review report as one self-contained HTML file (inline SVG"
            + " charts, no network): per region and tier requests, tokens, p50/p99 e2e and TTFT,"
            + " goodput, week-over-week change, top regressions.",
        "Reads latency_weekly, request_volume_weekly and the views of sql/."
      })
  static final class Weekly implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(
        names = "--week",
        paramLabel = "YYYY-MM-DD",
        description = "any day of the ISO week (Monday-Sunday, UTC); default: last week")
    String week;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        defaultValue = "r1lat-weekly.html",
        description = "output file (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
      LocalDate day;
      try {
        day = week == null ? LocalDate.now(ZoneOffset.UTC).minusWeeks(1) : LocalDate.parse(week);
      } catch (DateTimeParseException e) {
        System.err.println("r1lat: report weekly: --week " + week + " is not a YYYY-MM-DD date");
        return Main.EXIT_USAGE;
      }
      MigrateCommand.quietClickHouseClient();
      var ch = SinkCommand.clickhouse(config);
      WeeklyReport.Data data;
      try (Client client = ch.client()) {
        data = new WeeklyReport(client, ch.database()).read(day);
      } catch (RuntimeException e) {
        System.err.println("r1lat: report weekly: " + MigrateCommand.oneLine(e));
        return Main.EXIT_FAILED;
      }
      Files.writeString(out, ReportHtml.render(data), StandardCharsets.UTF_8);
      System.out.printf(
          "report: week of %s, %d groups, %d regressions -> %s%n",
          data.week(), data.current().size(), data.regressions().size(), out.toAbsolutePath());
      return 0;
    }
  }
}
