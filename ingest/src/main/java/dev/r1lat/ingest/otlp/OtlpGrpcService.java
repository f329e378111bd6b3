package dev.r1lat.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * OTLP/gRPC: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export}, answered
 * asynchronously from {@link OtlpIngest} (no gRPC thread waits for Kafka). OK with partial success,
 * or a status with the code OTLP prescribes and RetryInfo where a retry helps. The method is
 * registered with a raw-bytes request marshaller ({@link #definition}) and the message parsed here:
 * a message that is not an ExportTraceServiceRequest gets INVALID_ARGUMENT, as OTLP says (grpc-java
 * would answer UNKNOWN for a marshaller failure, which clients may retry forever).
 */
final class OtlpGrpcService extends TraceServiceGrpc.TraceServiceImplBase {
  private final OtlpIngest ingest;

  OtlpGrpcService(OtlpIngest ingest) {
    this.ingest = ingest;
  }

  /** The service with the request parsed by {@link #exportBytes}, behind the token check. */
  static ServerServiceDefinition definition(OtlpIngest ingest) {
    OtlpGrpcService service = new OtlpGrpcService(ingest);
    MethodDescriptor<byte[], ExportTraceServiceResponse> export =
        TraceServiceGrpc.getExportMethod().toBuilder(
                BYTES, ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
            .build();
    ServerServiceDefinition def =
        ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
            .addMethod(export, ServerCalls.asyncUnaryCall(service::exportBytes))
            .build();
    return ServerInterceptors.intercept(def, auth(ingest));
  }

  void exportBytes(byte[] message, StreamObserver<ExportTraceServiceResponse> answer) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      answer.onError(
          Status.INVALID_ARGUMENT
              .withDescription("not an OTLP ExportTraceServiceRequest: " + e.getMessage())
              .asRuntimeException());
      return;
    }
    export(request, answer);
  }

  /** Raw bytes: the service parses the message itself, so a bad one gets INVALID_ARGUMENT. */
  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw Status.INTERNAL.withCause(e).asRuntimeException();
          }
        }
      };

  @Override
  public void export(
      ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> answer) {
    ingest
        .export(request, "grpc")
        .whenComplete(
            (o, e) -> {
              if (e != null) {
                answer.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
              } else if (o.result() == OtlpOutcome.Result.OK) {
                answer.onNext(OtlpAnswers.response(o));
                answer.onCompleted();
              } else {
                answer.onError(
                    StatusProto.toStatusRuntimeException(
                        OtlpAnswers.status(o, ingest.retryAfterSeconds())));
              }
            });
  }

  /** UNAUTHENTICATED before the message is read when {@code gateway.auth-token} is set. */
  static ServerInterceptor auth(OtlpIngest ingest) {
    Metadata.Key<String> authorization =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        var refused = ingest.authorize(headers.get(authorization));
        if (refused.isPresent()) {
          call.close(
              Status.UNAUTHENTICATED.withDescription(refused.get().message()), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }
}
