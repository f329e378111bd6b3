package dev.r1lat.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class OtlpReceiverLifecycleTest {

  @Test
  void shouldFailToStartAndFreeTheGrpcPortWhenTheHttpPortIsTaken() throws Exception {
    MockProducer<String, RequestTiming> producer =
        new MockProducer<>(
            true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
    int grpcPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      grpcPort = free.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      OtlpReceiver receiver =
          new OtlpReceiver(
              GatewayConfig.defaults("t"),
              SpanMapping.defaults(),
              "127.0.0.1",
              grpcPort,
              taken.getLocalPort(),
              producer);
      assertThatThrownBy(receiver::start)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("OTLP/HTTP");
    }
    // the gRPC listener of the failed start is gone: its port can be bound again (the event loop
    // closes the channel on its own thread, so allow it a moment; a leaked listener never frees it)
    assertThat(bindableWithin(grpcPort, 10_000)).isTrue();
  }

  private static boolean bindableWithin(int port, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        return true;
      } catch (IOException stillBound) {
        if (System.currentTimeMillis() > deadline) {
          return false;
        }
        Thread.sleep(50);
      }
    }
  }
}
