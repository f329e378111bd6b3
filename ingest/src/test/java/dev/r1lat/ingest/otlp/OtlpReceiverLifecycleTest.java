package dev.r1lat.ingest.otlp;

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
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      grpcPort = free.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
    // the gRPC listener of the failed start is gone: its port can be bound again
    try (ServerSocket again = new ServerSocket(grpcPort, 1, InetAddress.getLoopbackAddress())) {
      again.close();
    }
  }
}
