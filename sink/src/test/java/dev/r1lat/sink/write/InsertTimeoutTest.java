package dev.r1lat.sink.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.TestData;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A peer that accepts the connection and then reads nothing blocks the client's socket
 * <em>write</em>, which no socket timeout bounds: the writer's watchdog abandons the insert after
 * the insert timeout (closing the client under it) and reports a transient failure, to be retried.
 */
class InsertTimeoutTest {

  @Test
  void shouldAbandonAnInsertBlockedOnAPeerThatStoppedReading() throws Exception {
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    byte[] one = codec.encode(TestData.timing(1));
    List<TimingRow> rows = new ArrayList<>();
    TimingRow row = SinkTables.REQUEST_TIMINGS.decode(one);
    for (int i = 0; i < 200_000; i++) { // ~30 MB: far more than the socket buffers hold
      rows.add(row);
    }
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket deaf = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(deaf.accept()); // and never read from it
                  }
                } catch (java.io.IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      ClickHouseSettings ch =
          new ClickHouseSettings(
              "http://127.0.0.1:" + deaf.getLocalPort(),
              "default",
              "",
              "db",
              Duration.ofSeconds(2),
              Duration.ofSeconds(120));
      try (ClickHouseBatchWriter writer =
          new ClickHouseBatchWriter(ch::client, "db", Map.of(), Duration.ofSeconds(2))) {
        long t0 = System.nanoTime();
        assertThatThrownBy(
                () ->
                    writer.write(
                        new Batch<>(SinkTables.REQUEST_TIMINGS, "t", 0, 0, rows.size() - 1, rows)))
            .isInstanceOf(BatchWriter.WriteException.class)
            .hasMessageContaining("timed out")
            .matches(e -> !((BatchWriter.WriteException) e).rowError());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
      }
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
