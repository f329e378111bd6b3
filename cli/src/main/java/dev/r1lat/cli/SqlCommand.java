package dev.r1lat.cli;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import java.io.InputStream;
import java.io.OutputStream;
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

  /** Runs {@code sql} and copies its result, rendered by ClickHouse in {@code format}, to out. */
  static void copyResult(Client client, String sql, ClickHouseFormat format, OutputStream out)
      throws Exception {
    QuerySettings settings = new QuerySettings().setFormat(format);
    settings.serverSetting("output_format_pretty_color", "0");
    try (QueryResponse response = ClickHouseCalls.await(client.query(sql, settings));
        InputStream in = response.getInputStream()) {
      in.transferTo(out);
    }
  }

  @Override
  public Integer call() throws Exception {
    MigrateCommand.quietClickHouseClient();
    ClickHouseSettings ch = SinkCommand.clickhouse(config);
    try (Client client = ch.client()) {
      copyResult(client, sql, format.clickhouse, System.out);
      System.out.flush();
      return 0;
    } catch (RuntimeException e) {
      System.err.println("r1lat: sql: " + MigrateCommand.oneLine(e));
      return Main.EXIT_FAILED;
    }
  }
}
