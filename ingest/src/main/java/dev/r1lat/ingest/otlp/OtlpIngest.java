package dev.r1lat.ingest.otlp;

import dev.r1lat.ingest.gateway.AdmissionControl;
import dev.r1lat.ingest.gateway.BodyLimits;
import dev.r1lat.ingest.gateway.Deadline;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.gateway.KafkaWriter;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.schema.TimingRules.Violation;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * One OTLP traces export without the transport: spans in, an {@link OtlpOutcome} out, by the
 * request's deadline. The same admission (workers, bounded queue, deadline), rules and Kafka writer
 * as {@code POST /v1/timings}: request spans become events checked by {@link TimingRules}; the
 * valid ones are written and acknowledged before the answer, the invalid ones are counted as
 * rejected spans with a message (OTLP partial success), spans that are not requests are ignored and
 * counted. Retrying an export is safe: the request id (or trace id-span id) is the same, and
 * downstream counts it once.
 */
public final class OtlpIngest implements AutoCloseable {
  private static final int REASONS_LISTED = 5;

  private final GatewayConfig config;
  private final SpanMapper mapper;
  private final OtlpDecoder decoder;
  private final KafkaWriter writer;
  private final AdmissionControl admission;
  private final OtlpMetrics metrics;

  /** {@code producer} is shared with the JSON gateway and not closed here. */
  public OtlpIngest(
      GatewayConfig config, SpanMapping mapping, Producer<String, RequestTiming> producer) {
    this.config = config;
    this.mapper = new SpanMapper(mapping);
    this.decoder = new OtlpDecoder(BodyLimits.of(config));
    this.writer = new KafkaWriter(producer, config.topic());
    this.admission = config.admission("r1lat-otlp");
    this.metrics = new OtlpMetrics(admission);
  }

  public OtlpMetrics metrics() {
    return metrics;
  }

  public long retryAfterSeconds() {
    return admission.retryAfterSeconds();
  }

  public int maxRequestBytes() {
    return config.maxRequestBytes();
  }

  /** UNAUTHENTICATED when {@code gateway.auth-token} is set and not sent as a bearer token. */
  public Optional<OtlpOutcome> authorize(String authorization) {
    if (config.authorizes(authorization)) {
      return Optional.empty();
    }
    return Optional.of(OtlpOutcome.unauthenticated());
  }

  /** An export already decoded (gRPC). */
  public CompletableFuture<OtlpOutcome> export(
      ExportTraceServiceRequest request, String transport) {
    return admit(transport, (arrival, d) -> ingest(request, arrival, d));
  }

  /** An OTLP/HTTP body, decoded on the worker. */
  public CompletableFuture<OtlpOutcome> export(
      InputStream body, boolean json, boolean gzip, String transport) {
    return admit(
        transport,
        (arrival, d) -> {
          try {
            return ingest(decoder.decode(body, json, gzip), arrival, d);
          } catch (OtlpDecoder.Undecodable e) {
            return OtlpOutcome.invalid(e.getMessage());
          } catch (OtlpDecoder.TooLarge e) {
            return OtlpOutcome.tooLarge(e.getMessage());
          }
        });
  }

  private interface Work {
    OtlpOutcome run(long arrivalMs, Deadline deadline);
  }

  private CompletableFuture<OtlpOutcome> admit(String transport, Work work) {
    long arrivalMs = System.currentTimeMillis();
    Deadline deadline = admission.deadline();
    return admission
        .submit(deadline, d -> work.run(arrivalMs, d), this::timedOut)
        .orElseGet(() -> CompletableFuture.completedFuture(OtlpOutcome.busy(busyMessage())))
        .whenComplete((o, e) -> metrics.answered(transport, o));
  }

  OtlpOutcome ingest(ExportTraceServiceRequest request, long arrivalMs, Deadline deadline) {
    List<RequestTiming> valid = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    int rejected = 0;
    int ignored = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, AnyValue> resource = SpanAttributes.index(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          SpanMapper.Mapped m = mapper.map(span, resource);
          if (m == null) {
            ignored++;
            continue;
          }
          List<Violation> violations = new ArrayList<>(m.violations());
          violations.addAll(config.rules().violations(m.timing(), arrivalMs));
          if (violations.isEmpty()) {
            valid.add(m.timing());
          } else {
            rejected++;
            metrics.rejected(violations.get(0).kind());
            if (reasons.size() < REASONS_LISTED) {
              reasons.add(describe(span, m.timing(), violations));
            }
          }
        }
      }
    }
    metrics.ignored(ignored);
    KafkaWriter.Written w = writer.write(valid, deadline.earlier(config.answerMargin()));
    metrics.accepted(w.acked());
    if (!w.ok()) {
      metrics.unacknowledged(w.failed());
      return OtlpOutcome.unavailable(
          "Kafka did not acknowledge "
              + w.failed()
              + " of "
              + valid.size()
              + " events ("
              + w.error()
              + "); retry the export",
          w.acked(),
          rejected,
          ignored);
    }
    return OtlpOutcome.ok(w.acked(), rejected, ignored, message(rejected, reasons));
  }

  private static String describe(Span span, RequestTiming t, List<Violation> violations) {
    String id = t.getRequestId() != null ? t.getRequestId() : span.getName();
    return "span " + id + ": " + violations.get(0) + (violations.size() > 1 ? " (and more)" : "");
  }

  private static String message(int rejected, List<String> reasons) {
    if (rejected == 0) {
      return "";
    }
    return rejected
        + " request spans rejected by the event rules: "
        + String.join("; ", reasons)
        + (rejected > reasons.size() ? "; ..." : "");
  }

  private OtlpOutcome timedOut() {
    return OtlpOutcome.unavailable(
        "no answer within gateway.kafka-timeout="
            + config.kafkaTimeout()
            + " (Kafka slow or unreachable, or the gateway busy); retry the export",
        0,
        0,
        0);
  }

  private String busyMessage() {
    return "gateway busy: "
        + admission.inFlight()
        + " exports in progress or queued (gateway.threads + gateway.queue-size)";
  }

  @Override
  public void close() {
    admission.close();
  }
}
