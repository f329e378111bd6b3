package dev.r1lat.sink;

import static dev.r1lat.sink.SinkFixture.await;
import static dev.r1lat.sink.SinkFixture.runInBackground;
import static dev.r1lat.sink.SinkFixture.stop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import dev.r1lat.testsupport.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The network to ClickHouse hangs (a proxy that stops forwarding, connections left open) rather
 * than refusing: the sink's inserts time out and are retried instead of blocking for ever, the loop
 * keeps polling (its group membership), and once the network is back every row lands exactly once,
 * in the raw table and in the rollups (an abandoned insert that did land is dropped by its token
 * when retried).
 */
@ExtendWith(RealStackExtension.class)
class SinkHangingClickHouseIT {

  private static int freePort() throws java.io.IOException {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String scrape(int port) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void shouldTimeOutRetryAndLoseOrDoubleNothingWhenClickHouseHangs(Endpoints endpoints)
      throws Exception {
    SinkFixture f = SinkFixture.create(endpoints);
    URI ch = URI.create(endpoints.clickhouseHttpUrl());
    try (TcpProxy proxy = new TcpProxy(ch.getHost(), ch.getPort())) {
      ClickHouseSettings viaProxy =
          new ClickHouseSettings(
              "http://127.0.0.1:" + proxy.port(),
              "default",
              "",
              f.db().db(),
              Duration.ofSeconds(2),
              Duration.ofSeconds(2));
      SinkSettings s =
          SinkSettings.of(
              endpoints.kafkaBootstrap(),
              Map.of(
                  "sink.group-id", f.settings().groupId(),
                  "sink.topic-prefix", f.settings().topicPrefix(),
                  "sink.metrics-port", Integer.toString(freePort()),
                  "sink.batch.max-rows", "2000",
                  "sink.batch.max-delay", "300ms",
                  "sink.retry.max", "1s",
                  "sink.insert-timeout", "3s"));
      SinkRuntime runtime = SinkRuntime.start(s, SinkRuntime.writer(s, viaProxy));
      AtomicReference<Throwable> died = new AtomicReference<>();
      Thread t = runInBackground(runtime, died);
      SinkMetrics m = runtime.sink().metrics();

      f.produceTimings(0, 3_000);
      await("first rows", Duration.ofSeconds(60), () -> f.rows("request_timings") == 3_000);

      proxy.hang();
      f.produceTimings(3_000, 9_000);
      await("inserts timing out", Duration.ofSeconds(60), () -> m.writeFailures() >= 3);
      assertThat(t.isAlive()).isTrue();
      assertThat(died.get()).isNull();
      assertThat(scrape(runtime.metricsPort()))
          .as("the stall is visible on /metrics")
          .containsPattern("r1lat_sink_insert_retries_total [1-9]")
          .contains("r1lat_sink_consumer_lag")
          .contains("r1lat_sink_last_commit_timestamp_seconds")
          .contains("kafka_consumer_"); // the consumer's own metrics beside the sink's
      long stuckAt = f.rows("request_timings"); // read directly, not through the proxy

      proxy.resume();
      await("every row", Duration.ofSeconds(90), () -> f.rows("request_timings") == 9_000);
      stop(runtime, t);

      assertThat(died.get()).isNull();
      assertThat(stuckAt).isLessThan(9_000);
      assertThat(f.distinctRequestIds()).isEqualTo(9_000);
      assertThat(f.volumeRequests()).as("rollups: nothing doubled").isEqualTo(9_000);
      assertThat(m.writeFailures()).isPositive();
    }
  }
}
