package dev.r1lat.reliability;

import com.clickhouse.client.api.Client;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import java.util.Map;

/**
 * A scenario's own ClickHouse database with the shipped sql/ migrations, and the exact counts a
 * scenario checks there: raw rows and distinct request ids, final stats rows and distinct stats
 * keys, the all-groups e2e count, and the hourly volume rollup (a materialized view: a replayed
 * block that slipped past deduplication would be counted there too).
 */
public final class Warehouse implements AutoCloseable {
  private final ClickHouseSettings settings;
  private final Client client;

  public Warehouse(String httpUrl, String database) {
    this.settings = new ClickHouseSettings(httpUrl, "default", "", database);
    this.client = settings.withDatabase("default").client();
  }

  public void migrate() {
    new Migrator(client, SchemaOptions.singleNode(settings.database()), line -> {})
        .migrate(Migrations.bundled());
  }

  public ClickHouseSettings settings() {
    return settings;
  }

  /**
   * Exact counts, read in one go. {@code rawRows}: rows as stored; {@code rawFinal}: rows as a
   * query with FINAL sees them, i.e. after a collapsing engine merged the copies of a retried
   * request (equal to {@code rawRows} on a plain MergeTree).
   */
  public record Counts(
      long rawRows,
      long rawFinal,
      long rawDistinct,
      long statsRows,
      long statsDistinct,
      long e2eCounted,
      long volumeRequests) {
    public Counts(
        long rawRows,
        long rawDistinct,
        long statsRows,
        long statsDistinct,
        long e2eCounted,
        long volumeRequests) {
      this(rawRows, rawRows, rawDistinct, statsRows, statsDistinct, e2eCounted, volumeRequests);
    }

    /** Request ids stored twice as FINAL reads them, and stats keys stored twice. */
    public long duplicates() {
      return (rawFinal - rawDistinct) + (statsRows - statsDistinct);
    }
  }

  /** Whether request_timings collapses rows with one request id (a Replacing engine). */
  public boolean rawCollapses() {
    return ClickHouseCalls.query(
                client,
                "SELECT count() AS n FROM system.tables WHERE database = {db:String}"
                    + " AND name = 'request_timings' AND engine LIKE '%Replacing%'",
                Map.of("db", settings.database()))
            .get(0)
            .getLong("n")
        > 0;
  }

  public Counts counts() {
    long raw = one("SELECT count() AS n FROM {db:Identifier}.request_timings");
    return new Counts(
        raw,
        rawCollapses()
            ? one("SELECT count() AS n FROM {db:Identifier}.request_timings FINAL")
            : raw,
        one("SELECT uniqExact(request_id) AS n FROM {db:Identifier}.request_timings"),
        one("SELECT count() AS n FROM {db:Identifier}.latency_stats_1m"),
        one(
            "SELECT uniqExact(window_start, region, tier, dimensions, component) AS n"
                + " FROM {db:Identifier}.latency_stats_1m"),
        one(
            "SELECT toUInt64(sum(count)) AS n FROM {db:Identifier}.latency_stats_1m"
                + " WHERE region = '*' AND tier = '*' AND component = 'e2e'"
                + " AND empty(dimensions)"),
        one("SELECT toUInt64(sum(requests)) AS n FROM {db:Identifier}.request_volume_1h"));
  }

  /** Raw rows whose request id starts with {@code prefix}. */
  public long rawRowsWithPrefix(String prefix) {
    return ClickHouseCalls.query(
            client,
            "SELECT count() AS n FROM {db:Identifier}.request_timings"
                + " WHERE startsWith(request_id, {p:String})",
            Map.of("db", settings.database(), "p", prefix))
        .get(0)
        .getLong("n");
  }

  /** Adds a CHECK constraint to request_timings: inserts of a block with a violating row fail. */
  public void addRawConstraint(String name, String check) {
    ClickHouseCalls.execute(
        client,
        "ALTER TABLE {db:Identifier}.request_timings ADD CONSTRAINT " + name + " CHECK " + check,
        Map.of("db", settings.database()));
  }

  private long one(String sql) {
    return ClickHouseCalls.query(client, sql, Map.of("db", settings.database()))
        .get(0)
        .getLong("n");
  }

  @Override
  public void close() {
    client.close();
  }
}
