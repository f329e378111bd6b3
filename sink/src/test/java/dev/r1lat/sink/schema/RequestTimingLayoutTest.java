package dev.r1lat.sink.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.write.TimingColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * RequestTiming's fields against the request_timings table the shipped sql/ migrations leave (the
 * files the ITs and {@code ./r1lat migrate} apply, all of them in order, rendered as they render
 * them): a field added to the schema fails here, naming it, until a migration adds its column.
 */
class RequestTimingLayoutTest {
  private static final SchemaOptions SINGLE = SchemaOptions.singleNode("r1lat");

  /**
   * The repository's sql/ folder itself (the sink jar bundles a copy of it): a stale copy under
   * target/ cannot hide a missing migration.
   */
  private static final Path SQL = Path.of("..", "sql");

  private static Map<String, String> tableAfterAllMigrations() {
    List<String> statements =
        Migrations.fromDirectory(SQL).stream()
            .flatMap(m -> Migrator.render(m, SINGLE).stream())
            .toList();
    Map<String, String> cols = TableColumns.after(statements).of(SinkTables.REQUEST_TIMINGS_TABLE);
    assertThat(cols).as("sql/ creates " + SinkTables.REQUEST_TIMINGS_TABLE).isNotNull();
    return cols;
  }

  @Test
  void shouldHaveAColumnOfTheRightTypeForEveryRequestTimingField() {
    Map<String, String> table = tableAfterAllMigrations();
    List<String> drift = new ArrayList<>();
    for (TimingColumns.Column c : TimingColumns.ALL) {
      String type = table.get(c.name());
      String field = "RequestTiming." + c.field().name();
      if (type == null) {
        drift.add(
            field
                + ": request_timings has no column "
                + c.name()
                + " "
                + c.kind().nativeType()
                + " (add it in a new sql/ migration)");
      } else if (!type.equals(c.kind().nativeType())) {
        drift.add(field + ": column " + c.name() + " is " + type + ", the sink sends " + c.kind());
      }
    }
    table.keySet().stream()
        .filter(col -> !TimingColumns.NAMES.contains(col))
        .forEach(col -> drift.add("request_timings." + col + ": no RequestTiming field fills it"));
    assertThat(drift).as("schema vs sql/ request_timings").isEmpty();
  }

  @Test
  void shouldSendOneColumnPerSchemaFieldInSchemaOrder() {
    assertThat(SinkTables.REQUEST_TIMINGS.columns()).isEqualTo(TimingColumns.NAMES);
    assertThat(TimingColumns.ALL)
        .extracting(c -> c.field().name())
        .containsExactlyElementsOf(
            RequestTiming.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
  }

  @Test
  void shouldNameColumnsInSnakeCaseAndEpochMillisWithoutTheirUnit() {
    Map<String, String> names =
        Map.of(
            "eventTimeMs",
            "event_time",
            "maxInterTokenGapMs",
            "max_inter_token_gap_ms",
            "e2eMs",
            "e2e_ms",
            "requestId",
            "request_id");
    for (TimingColumns.Column c : TimingColumns.ALL) {
      if (names.containsKey(c.field().name())) {
        assertThat(c.name()).isEqualTo(names.get(c.field().name()));
      }
    }
  }

  @Test
  void shouldRefuseAFieldNoColumnKindReadsNamingIt() {
    Schema withMap =
        SchemaBuilder.record("RequestTiming")
            .fields()
            .requiredString("requestId")
            .name("labels")
            .type()
            .map()
            .values()
            .stringType()
            .noDefault()
            .endRecord();
    assertThatThrownBy(() -> TimingColumns.derive(withMap))
        .hasMessageContaining("RequestTiming.labels");
  }

  @Test
  void shouldFollowAddedDroppedAndExchangedColumnsThroughTheStatements() {
    TableColumns t =
        TableColumns.after(
            List.of(
                "CREATE TABLE IF NOT EXISTS a (x String, t DateTime64(3, 'UTC'), y LowCardinality(Nullable(String))) ENGINE = MergeTree ORDER BY x",
                "CREATE TABLE IF NOT EXISTS a (z String) ENGINE = MergeTree ORDER BY z",
                "CREATE TABLE b (x String) ENGINE = MergeTree ORDER BY x",
                "EXCHANGE TABLES a AND b",
                "ALTER TABLE b ADD COLUMN IF NOT EXISTS n Nullable(Float64) AFTER x, DROP COLUMN y",
                "DROP TABLE a"));
    assertThat(t.of("a")).isNull();
    assertThat(t.of("b"))
        .containsExactly(
            Map.entry("x", "String"),
            Map.entry("t", "DateTime64(3, 'UTC')"),
            Map.entry("n", "Nullable(Float64)"));
  }
}
