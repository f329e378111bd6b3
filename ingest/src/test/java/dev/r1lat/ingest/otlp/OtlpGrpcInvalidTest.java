package dev.r1lat.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC with a message that is not an ExportTraceServiceRequest: INVALID_ARGUMENT. */
class OtlpGrpcInvalidTest {
  @Test
  void shouldAnswerInvalidArgumentForAnUndecodableMessageAndWriteNothing() throws Exception {
    MockProducer<String, RequestTiming> producer =
        new MockProducer<>(
            true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
    MethodDescriptor<byte[], byte[]> raw =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
            .setRequestMarshaller(OtlpGrpcService.BYTES)
            .setResponseMarshaller(OtlpGrpcService.BYTES)
            .build();
    try (OtlpReceiver receiver =
        new OtlpReceiver(
                GatewayConfig.defaults("t"), SpanMapping.defaults(), "127.0.0.1", 0, 0, producer)
            .start()) {
      ManagedChannel ch =
          NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
      try {
        StatusRuntimeException e =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () ->
                    ClientCalls.blockingUnaryCall(
                        ch,
                        raw,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                        new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01}));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      } finally {
        ch.shutdownNow();
      }
    }
    assertThat(producer.history()).isEmpty();
  }
}
