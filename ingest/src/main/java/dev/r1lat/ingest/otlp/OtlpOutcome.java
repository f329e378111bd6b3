package dev.r1lat.ingest.otlp;

/**
 * The answer to one OTLP export, independent of the transport: {@link OtlpHttpServer} writes it as
 * an HTTP status and {@code ExportTraceServiceResponse} or {@code google.rpc.Status}, {@link
 * OtlpGrpcService} as a gRPC status, as the OTLP specification pairs them.
 *
 * @param accepted request spans Kafka acknowledged
 * @param rejected request spans refused by the event rules (OTLP's {@code rejected_spans})
 * @param ignored spans that are not requests
 */
public record OtlpOutcome(Result result, int accepted, int rejected, int ignored, String message) {

  /** Transport-independent result, with its HTTP status. */
  public enum Result {
    /** Processed; some spans may be rejected (partial success). HTTP 200, gRPC OK. */
    OK(200),
    /** Undecodable body. HTTP 400, gRPC INVALID_ARGUMENT; not retryable. */
    INVALID(400),
    /** Bearer token missing or wrong. HTTP 401, gRPC UNAUTHENTICATED. */
    UNAUTHENTICATED(401),
    /** Body over gateway.max-request-bytes. HTTP 413 (gRPC enforces its own message limit). */
    TOO_LARGE(413),
    /** Content type or encoding not OTLP. HTTP 415. */
    UNSUPPORTED(415),
    /** Workers and queue full. HTTP 429, gRPC RESOURCE_EXHAUSTED with retry info. */
    BUSY(429),
    /** Kafka did not acknowledge in time. HTTP 503, gRPC UNAVAILABLE with retry info. */
    UNAVAILABLE(503);

    private final int httpStatus;

    Result(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }

    public boolean retryable() {
      return this == BUSY || this == UNAVAILABLE;
    }
  }

  static OtlpOutcome ok(int accepted, int rejected, int ignored, String message) {
    return new OtlpOutcome(Result.OK, accepted, rejected, ignored, message);
  }

  static OtlpOutcome invalid(String message) {
    return new OtlpOutcome(Result.INVALID, 0, 0, 0, message);
  }

  static OtlpOutcome unauthenticated() {
    return new OtlpOutcome(
        Result.UNAUTHENTICATED,
        0,
        0,
        0,
        "missing or wrong bearer token (Authorization: Bearer ...)");
  }

  static OtlpOutcome tooLarge(String message) {
    return new OtlpOutcome(Result.TOO_LARGE, 0, 0, 0, message);
  }

  static OtlpOutcome unsupported(String message) {
    return new OtlpOutcome(Result.UNSUPPORTED, 0, 0, 0, message);
  }

  static OtlpOutcome busy(String message) {
    return new OtlpOutcome(Result.BUSY, 0, 0, 0, message);
  }

  static OtlpOutcome unavailable(String message, int accepted, int rejected, int ignored) {
    return new OtlpOutcome(Result.UNAVAILABLE, accepted, rejected, ignored, message);
  }
}
