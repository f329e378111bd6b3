package dev.r1lat.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ItDatabase;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.TestData;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
  protected BatchWriter writerRefusingMoreDaysThan(int n) {
    writer.close();
    writer =
        new ClickHouseBatchWriter(
            db.settings::client,
            db.db(),
            Map.of("max_partitions_per_insert_block", Integer.toString(n)),
            java.time.Duration.ofSeconds(30));
    return writer;
  }

  @Test
  void shouldStoreEveryColumnOfARawEventAsSent() throws Exception {
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    RequestTiming t =
        RequestTiming.newBuilder(TestData.timing(7))
            .setQuantization("fp8")
            .setServerId(null)
            .setErrorCode("E42")
            .setStatus(RequestStatus.TIMEOUT)
            .setCachedPromptTokens(null)
            .setResponseCacheHit(true)
            .setQueueMs(12.5)
            .setRegion("eu-wést")
            .build();
    writer.write(
        new Batch<>(
            SinkTables.REQUEST_TIMINGS,
            "t",
            9,
            0,
            0,
            List.of(SinkTables.REQUEST_TIMINGS.decode(codec.encode(t)))));
    var r =
        ClickHouseCalls.query(
                db.client,
                "SELECT toUnixTimestamp64Milli(event_time) AS ms, region, quantization,"
                    + " ifNull(server_id, 'NULL') AS srv, status, error_code, prompt_tokens,"
                    + " ifNull(cached_prompt_tokens, 4242) AS cached, response_cache_hit,"
                    + " queue_ms, e2e_ms, reasoning_tokens FROM {db:Identifier}.request_timings",
                Map.of("db", db.db()))
            .get(0);
    assertThat(r.getLong("ms")).isEqualTo(t.getEventTimeMs());
    assertThat(r.getString("region")).isEqualTo("eu-wést");
    assertThat(r.getString("quantization")).isEqualTo("fp8");
    assertThat(r.getString("srv")).isEqualTo("NULL");
    assertThat(r.getString("status")).isEqualTo("TIMEOUT");
    assertThat(r.getString("error_code")).isEqualTo("E42");
    assertThat(r.getLong("prompt_tokens")).isEqualTo(t.getPromptTokens().longValue());
    assertThat(r.getLong("reasoning_tokens")).isEqualTo(t.getReasoningTokens().longValue());
    assertThat(r.getLong("cached")).isEqualTo(4242);
    assertThat(r.getString("response_cache_hit")).isEqualTo("true");
    assertThat(r.getDouble("queue_ms")).isEqualTo(12.5);
    assertThat(r.getDouble("e2e_ms")).isEqualTo(t.getE2eMs());
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
