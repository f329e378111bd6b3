package dev.r1lat.sink;

import com.clickhouse.client.api.Client;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import dev.r1lat.stack.Endpoints;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database on the test stack with the shipped sql/ migrations applied. */
public final class ItDatabase implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();

  public final ClickHouseSettings settings;
  public final Client client;
  public final Migrator.Outcome outcome;

  public ItDatabase(Endpoints endpoints, String prefix) {
    String db = prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    this.settings = new ClickHouseSettings(endpoints.clickhouseHttpUrl(), "default", "", db);
    this.client = settings.withDatabase("default").client();
    this.outcome =
        new Migrator(client, SchemaOptions.singleNode(db), line -> {})
            .migrate(Migrations.bundled());
  }

  public String db() {
    return settings.database();
  }

  public long count(String sqlFromDb) {
    return ClickHouseCalls.query(client, "SELECT count() AS n FROM " + sqlFromDb, Map.of())
        .get(0)
        .getLong("n");
  }

  @Override
  public void close() {
    client.close();
  }
}
