package dev.r1lat.ingest.otlp;

import dev.r1lat.ingest.sim.TimingSink;
import dev.r1lat.schema.RequestTiming;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulated events to an OTLP/HTTP endpoint ({@code ./r1lat simulate --otlp URL}), as vLLM-shaped
 * spans ({@link VllmSpanEncoder}) in binary protobuf, in batches. Never drops: a 429 or 503 is
 * retried after its {@code Retry-After} (which also slows the simulator down), any other failure
 * stops the run. Spans the receiver rejects (partial success) are counted.
 */
public final class OtlpHttpTimingSink implements TimingSink {
  private static final int BATCH = 512;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI uri;
  private final String authorization;
  private final List<RequestTiming> batch = new ArrayList<>(BATCH);
  private long sent;
  private long rejected;

  /**
   * @param uri e.g. {@code http://127.0.0.1:4318/v1/traces}
   * @param token bearer token, or empty
   */
  public OtlpHttpTimingSink(URI uri, String token) {
    this.uri = uri;
    this.authorization = token == null || token.isEmpty() ? null : "Bearer " + token;
  }

  @Override
  public synchronized void accept(RequestTiming timing) {
    batch.add(timing);
    if (batch.size() >= BATCH) {
      flush();
    }
  }

  @Override
  public synchronized void flush() {
    if (batch.isEmpty()) {
      return;
    }
    byte[] body = VllmSpanEncoder.encode(batch).toByteArray();
    try {
      for (int attempt = 1; ; attempt++) {
        HttpRequest.Builder r =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
          r.header("Authorization", authorization);
        }
        HttpResponse<byte[]> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = answer.statusCode();
        if (status == 200) {
          rejected +=
              ExportTraceServiceResponse.parseFrom(answer.body())
                  .getPartialSuccess()
                  .getRejectedSpans();
          break;
        }
        if ((status != 429 && status != 503) || attempt >= 100) {
          throw new IllegalStateException("OTLP endpoint " + uri + " answered " + status);
        }
        long wait = answer.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.max(1, wait) * 1000);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not send spans to " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending spans", e);
    }
    sent += batch.size();
    batch.clear();
  }

  /** Events sent and acknowledged by the endpoint. */
  public synchronized long sent() {
    return sent;
  }

  /** Spans the endpoint rejected (OTLP partial success). */
  public synchronized long rejected() {
    return rejected;
  }

  @Override
  public void close() {
    flush();
  }
}
