package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.sink.SinkTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The columns the sink sends for latency_stats_1m against the table the repository's sql/ files
 * leave (all of them, in order): a LatencyWindowStats field the sink writes needs its column in a
 * migration, and every column but the server-filled inserted_at is written.
 */
class StatsLayoutTest {
  private static final Path SQL = Path.of("..", "sql");

  private static Map<String, String> table(SchemaOptions options) {
    List<String> statements =
        Migrations.fromDirectory(SQL).stream()
            .flatMap(m -> Migrator.render(m, options).stream())
            .toList();
    return TableColumns.after(statements).of(SinkTables.LATENCY_STATS_1M_TABLE);
  }

  @Test
  void shouldHaveATableColumnForEveryStatsColumnTheSinkSends() {
    Map<String, String> table = table(SchemaOptions.singleNode("r1lat"));
    assertThat(table).as("sql/ creates latency_stats_1m").isNotNull();
    assertThat(table.keySet())
        .as("latency_stats_1m after sql/")
        .containsAll(SinkTables.LATENCY_STATS_1M.columns());
    assertThat(SinkTables.LATENCY_STATS_1M.columns())
        .containsAll(table.keySet().stream().filter(c -> !c.equals("inserted_at")).toList());
    assertThat(table)
        .containsEntry("revision", "UInt32")
        .containsEntry("ok_count", "Nullable(UInt64)")
        .containsEntry("good_count", "Nullable(UInt64)")
        .containsEntry("failed_sketch_keys", "Array(Int32)")
        .containsEntry("failed_sketch_counts", "Array(Float64)");
  }
}
