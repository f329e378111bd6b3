package dev.r1lat.cli;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./r1lat sql "SELECT ..."}: ClickHouse formats the result; we stream it to stdout. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one SQL statement against ClickHouse (database clickhouse.database, default r1lat)"
          + " and print the result: a readable table, CSV with a header, or JSON (one object per"
          + " line).",
      "Example: ./r1lat sql \"SELECT * FROM weekly_summary ORDER BY week DESC LIMIT 10\""
    })
final class SqlCommand implements Callable<Integer> {
  enum Format {
    table(ClickHouseFormat.PrettyCompactMonoBlock),
    csv(ClickHouseFormat.CSVWithNames),
    json(ClickHouseFormat.JSONEachRow),
    tsv(ClickHouseFormat.TabSeparatedWithNames);

    final ClickHouseFormat clickhouse;

    Format(ClickHouseFormat clickhouse) {
      this.clickhouse = clickhouse;
    }
  }

  @Mixin ConfigOptions config;

  @Parameters(index = "0", paramLabel = "SQL", description = "the statement")
  String sql;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv, json or tsv (default: ${DEFAULT-VALUE})")
  Format format;

  @Override
  public Integer call() throws Exception {
    MigrateCommand.quietClickHouseClient();
    ClickHouseSettings ch = SinkCommand.clickhouse(config);
    QuerySettings settings = new QuerySettings().setFormat(format.clickhouse);
    settings.serverSetting("output_format_pretty_color", "0");
    try (Client client = ch.client();
        QueryResponse response = ClickHouseCalls.await(client.query(sql, settings));
        InputStream in = response.getInputStream()) {
      in.transferTo(System.out);
      System.out.flush();
      return 0;
    } catch (RuntimeException e) {
      System.err.println("r1lat: sql: " + MigrateCommand.oneLine(e));
      return Main.EXIT_FAILED;
    }
  }
}
