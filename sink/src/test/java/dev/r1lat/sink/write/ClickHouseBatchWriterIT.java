package dev.r1lat.sink.write;

import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ItDatabase;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The writer contract against real ClickHouse, one fresh database per test. */
@ExtendWith(RealStackExtension.class)
class ClickHouseBatchWriterIT extends BatchWriterContract {
  private ItDatabase db;
  private ClickHouseBatchWriter writer;

  @BeforeEach
  void freshDatabase(Endpoints endpoints) {
    db = new ItDatabase(endpoints, "contract");
    writer = new ClickHouseBatchWriter(db.settings.client(), db.db());
  }

  @AfterEach
  void close() {
    writer.close();
    db.close();
  }

  @Override
  protected BatchWriter writer() {
    return writer;
  }

  @Override
  protected String topic() {
    return "t";
  }

  @Override
  protected <R> List<String> keysIn(SinkTable<R> table) {
    String key =
        switch (table.name()) {
          case SinkTables.REQUEST_TIMINGS_TABLE -> "request_id";
          case SinkTables.LATENCY_STATS_1M_TABLE ->
              "concat(toString(toUnixTimestamp64Milli(window_start)), '/', region, '/', tier,"
                  + " '/{}/', component)";
          default ->
              "concat(anomaly_id, '/', state, '/', toString(toUnixTimestamp64Milli(detected_at)))";
        };
    // table names are our constants, never input
    return ClickHouseCalls.query(
            db.client, "SELECT " + key + " AS k FROM " + db.db() + "." + table.name(), Map.of())
        .stream()
        .map(r -> r.getString("k"))
        .toList();
  }
}
