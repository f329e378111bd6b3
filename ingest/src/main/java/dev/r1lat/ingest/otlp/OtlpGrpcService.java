package dev.r1lat.ingest.otlp;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/**
 * OTLP/gRPC: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export}, answered
 * asynchronously from {@link OtlpIngest} (no gRPC thread waits for Kafka). OK with partial success,
 * or a status with the code OTLP prescribes and RetryInfo where a retry helps. A message gRPC
 * cannot decode never reaches this class: gRPC answers it itself.
 */
final class OtlpGrpcService extends TraceServiceGrpc.TraceServiceImplBase {
  private final OtlpIngest ingest;

  OtlpGrpcService(OtlpIngest ingest) {
    this.ingest = ingest;
  }

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
