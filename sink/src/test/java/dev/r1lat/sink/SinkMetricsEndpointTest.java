package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.metrics.PrometheusTextEndpoint;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.InMemoryBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The sink's counters as Prometheus scrapes them: a stall or a refusal is visible, not only logs.
 */
class SinkMetricsEndpointTest {
  private static final String TOPIC = "r1.request-timings";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  private static String scrape(int port) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void shouldServeRowsBatchesRetriesDeadLettersRefusalsLagAndLastCommit() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SinkMetrics metrics = new SinkMetrics(registry);
    InMemoryBatchWriter store = new InMemoryBatchWriter();
    store.failNext(2);
    store.refuseRows("req-3"::equals, "Code: 53. DB::Exception: Type mismatch");
    Map<String, SinkTable<?>> tables = Map.of(TOPIC, SinkTables.REQUEST_TIMINGS);
    MockConsumer<byte[], byte[]> consumer = SinkHarness.consumer(Map.of(), TP);
    KafkaSink sink =
        new KafkaSink(
            consumer,
            tables,
            store,
            new DeadLetters.Collected(),
            SinkHarness.settings(100),
            metrics);
    sink.subscribe();
    consumer.rebalance(java.util.List.of(TP));
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    for (int i = 0; i < 10; i++) {
      consumer.addRecord(SinkHarness.record(TP, i, TestData.T0, codec.encode(TestData.timing(i))));
    }
    consumer.addRecord(
        SinkHarness.record(TP, 10, TestData.T0, "junk".getBytes(StandardCharsets.UTF_8)));
    consumer.updateEndOffsets(Map.of(TP, 11L));
    SinkHarness.drain(sink);

    try (PrometheusTextEndpoint endpoint =
        new PrometheusTextEndpoint(registry::scrape, "127.0.0.1", 0)) {
      String text = scrape(endpoint.port());
      assertThat(text)
          .contains("r1lat_sink_rows_total{table=\"request_timings\"} 9.0")
          .contains("r1lat_sink_dead_letters_total{reason=\"undecodable\"} 1.0")
          .contains("r1lat_sink_dead_letters_total{reason=\"clickhouse_refused\"} 1.0")
          .contains("r1lat_sink_insert_retries_total 2.0")
          .contains("r1lat_sink_rejections_total")
          .contains("r1lat_sink_batches_total")
          .contains("r1lat_sink_consumer_lag")
          .contains("r1lat_sink_dead_letter_resends_total 0.0")
          .containsPattern("r1lat_sink_last_commit_timestamp_seconds [1-9]");
    }
  }
}
