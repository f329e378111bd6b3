package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.RequestTiming;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * {@code POST /v1/timings} without the HTTP server: headers and a body in, a {@link Reply} out, by
 * the request's deadline. Header checks (401, 415, 413 by length) answer at once on the caller's
 * thread; the rest is admitted to {@link AdmissionControl} (429 when its queue is full) and runs on
 * a worker: stream-read and check the events ({@link BatchReader}), write the valid ones and wait
 * for Kafka ({@link KafkaWriter}), answer 202, 400 or 503. Whatever blocks, the answer comes by
 * {@code gateway.kafka-timeout} after arrival: the worker stops waiting for Kafka a little before
 * the deadline, so it normally answers itself with exact counts, and the deadline answers 503 for
 * it when it cannot (stuck in a send, or never started).
 */
public final class IngestService implements AutoCloseable {
  private final GatewayConfig config;
  private final Producer<String, RequestTiming> producer;
  private final BodyLimits limits;
  private final BatchReader reader;
  private final KafkaWriter writer;
  private final AdmissionControl admission;
  private final GatewayMetrics metrics;

  public IngestService(GatewayConfig config, Producer<String, RequestTiming> producer) {
    this.config = config;
    this.producer = producer;
    this.limits = BodyLimits.of(config);
    this.reader = new BatchReader(limits, config.rules());
    this.writer = new KafkaWriter(producer, config.topic());
    this.admission = config.admission("r1lat-gateway");
    this.metrics =
        new GatewayMetrics()
            .withGauge("inFlight", "r1lat_gateway_requests_in_flight", admission::inFlight)
            .withGauge("shed", "r1lat_gateway_requests_shed_total", admission::shed)
            .withGauge("timedOut", "r1lat_gateway_requests_timed_out_total", admission::timedOut);
    // time for the worker to build and send its own answer before the deadline answers for it
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public AdmissionControl admission() {
    return admission;
  }

  /**
   * Answers one ingest request.
   *
   * @param header a request header by name, null when absent
   * @param body the request body, opened on the worker (never read when refused or timed out)
   */
  public CompletableFuture<Reply> handle(
      Function<String, String> header, Supplier<InputStream> body) {
    metrics.request();
    long arrivalMs = System.currentTimeMillis();
    Deadline deadline = admission.deadline();
    Optional<Reply> early =
        authorize(header.apply("Authorization"))
            .or(
                () ->
                    limits.checkHeaders(
                        header.apply("Content-Encoding"), header.apply("Content-Length")));
    CompletableFuture<Reply> answer;
    if (early.isPresent()) {
      answer = CompletableFuture.completedFuture(early.get());
    } else {
      boolean gzip = BodyLimits.isGzip(header.apply("Content-Encoding"));
      answer =
          admission
              .submit(deadline, d -> ingest(body.get(), gzip, arrivalMs, d), this::timedOut)
              .orElseGet(() -> CompletableFuture.completedFuture(overloaded()));
    }
    return answer.whenComplete((r, e) -> metrics.answered(r == null ? 500 : r.status()));
  }

  private Optional<Reply> authorize(String authorization) {
    if (config.authorizes(authorization)) {
      return Optional.empty();
    }
    return Optional.of(
        Reply.error(401, "missing or wrong bearer token (Authorization: Bearer ...)")
            .withHeader("WWW-Authenticate", "Bearer realm=\"r1lat\""));
  }

  /** The worker's part: read and check the body, write the valid events, count. */
  Reply ingest(InputStream raw, boolean gzip, long arrivalMs, Deadline deadline) {
    BatchReader.Batch batch;
    try {
      batch = reader.read(raw, gzip, arrivalMs);
    } catch (BatchReader.Refused r) {
      drain(raw);
      return r.reply;
    } catch (IOException e) {
      return Reply.error(400, "could not read the request body: " + e.getMessage());
    }
    metrics.rejected(batch.rejectedByKind());
    KafkaWriter.Written w = writer.write(batch.valid(), deadline.earlier(config.answerMargin()));
    metrics.accepted(w.acked());
    ObjectNode out = TimingJson.mapper().createObjectNode();
    out.put("accepted", w.acked());
    out.put("rejected", batch.rejected());
    if (!w.ok()) {
      metrics.unacknowledged(w.failed());
      out.put("failed", w.failed());
      out.put(
          "error",
          "Kafka did not acknowledge "
              + w.failed()
              + " of "
              + batch.valid().size()
              + " valid events ("
              + w.error()
              + "); retry the request");
      batch.errors().writeTo(out);
      return Reply.of(503, out).withHeader("Retry-After", retryAfter());
    }
    batch.errors().writeTo(out);
    return Reply.of(batch.rejected() == 0 ? 202 : 400, out);
  }

  /**
   * Reads what is left of a refused body (at most the byte limit, into a small buffer), so the
   * client, still sending, gets to read its 400 or 413 instead of a reset connection.
   */
  private void drain(InputStream raw) {
    try {
      byte[] buf = new byte[8192];
      long left = limits.maxBytes();
      for (int n; left > 0 && (n = raw.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  /**
   * The deadline's answer for a worker that has not answered: all or part of the request may be
   * unwritten. The connection is closed after it, since the worker may still be reading the body.
   */
  private Reply timedOut() {
    return Reply.error(
            503,
            "no answer within gateway.kafka-timeout="
                + config.kafkaTimeout()
                + " (Kafka slow or unreachable, or the gateway busy); the events may be partly"
                + " written: retry the request")
        .withHeader("Retry-After", retryAfter())
        .withHeader("Connection", "close");
  }

  private Reply overloaded() {
    return Reply.error(
            429,
            "gateway busy: "
                + admission.inFlight()
                + " requests in progress or queued (gateway.threads + gateway.queue-size); retry"
                + " after "
                + retryAfter()
                + " s")
        .withHeader("Retry-After", retryAfter());
  }

  private String retryAfter() {
    return Long.toString(admission.retryAfterSeconds());
  }

  /** Stops the workers, then flushes and closes the producer. */
  @Override
  public void close() {
    admission.close();
    producer.close(Duration.ofSeconds(10));
  }
}
