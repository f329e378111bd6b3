package dev.r1lat.ingest.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * The OTLP answer messages, as the specification pairs them with a result: a success is an {@code
 * ExportTraceServiceResponse}, with {@code partial_success} (rejected span count and a message)
 * when some spans were refused; a failure is a {@code google.rpc.Status} with the matching code,
 * and for the retryable ones (busy, Kafka unavailable) a {@code RetryInfo} detail, without which
 * OTLP clients do not retry RESOURCE_EXHAUSTED.
 */
final class OtlpAnswers {
  private OtlpAnswers() {}

  static ExportTraceServiceResponse response(OtlpOutcome o) {
    ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
    if (o.rejected() > 0) {
      b.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(o.rejected())
              .setErrorMessage(o.message()));
    }
    return b.build();
  }

  static com.google.rpc.Status status(OtlpOutcome o, long retryAfterSeconds) {
    com.google.rpc.Status.Builder b =
        com.google.rpc.Status.newBuilder().setCode(grpcCode(o.result())).setMessage(o.message());
    if (o.result().retryable()) {
      b.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(Duration.newBuilder().setSeconds(retryAfterSeconds))
                  .build()));
    }
    return b.build();
  }

  static int grpcCode(OtlpOutcome.Result r) {
    return switch (r) {
      case OK -> Code.OK_VALUE;
      case INVALID, UNSUPPORTED -> Code.INVALID_ARGUMENT_VALUE;
      case UNAUTHENTICATED -> Code.UNAUTHENTICATED_VALUE;
      case TOO_LARGE, BUSY -> Code.RESOURCE_EXHAUSTED_VALUE;
      case UNAVAILABLE -> Code.UNAVAILABLE_VALUE;
    };
  }
}
