package dev.r1lat.reliability;

import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.RequestTiming;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients of the HTTP gateway: a few threads post batches of events (JSON arrays) in order, paced
 * to a rate, and keep every answer: status, Retry-After, time to answer, and the events of the
 * batch. A batch answered 503 or 429 is posted again, the same events with the same request ids,
 * after the Retry-After the gateway asked for, as its contract tells clients to (a 503 means "not
 * known to be written": the events may have reached Kafka after all, and the request-id dedup
 * downstream collapses the copy).
 */
public final class GatewayLoad {
  /** One request and its answer; {@code status} -1 when no answer came (connection failed). */
  public record Answer(
      int batch,
      int attempt,
      int status,
      String retryAfter,
      long millis,
      List<RequestTiming> events) {
    public boolean refused() {
      return status == 503 || status == 429;
    }
  }

  private static final int MAX_ATTEMPTS = 60;

  private final URI uri;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<List<RequestTiming>> batches;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger next = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();

  public GatewayLoad(URI uri, List<RequestTiming> events, int batchSize) {
    this.uri = uri;
    this.batches = new ArrayList<>();
    for (int i = 0; i < events.size(); i += batchSize) {
      batches.add(events.subList(i, Math.min(events.size(), i + batchSize)));
    }
  }

  /** Starts {@code clients} threads posting all batches at about {@code perSecond} events/s. */
  public GatewayLoad start(int clients, int perSecond) {
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> post(t0, perSecond), "gateway-client-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return this;
  }

  private void post(long t0, int perSecond) {
    int b;
    int size = batches.isEmpty() ? 1 : batches.get(0).size();
    while ((b = next.getAndIncrement()) < batches.size()) {
      long due = t0 + (long) (b * (double) size / perSecond * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000);
        } catch (InterruptedException e) {
          return;
        }
      }
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        Answer a = send(b, attempt, batches.get(b));
        answers.add(a);
        if (!a.refused() && a.status() != -1) {
          break;
        }
        try {
          Thread.sleep(retryAfterMs(a.retryAfter()));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private static long retryAfterMs(String header) {
    try {
      return header == null ? 1_000 : Math.max(100, Long.parseLong(header.trim()) * 1_000);
    } catch (NumberFormatException e) {
      return 1_000;
    }
  }

  private Answer send(int b, int attempt, List<RequestTiming> events) {
    StringBuilder body = new StringBuilder("[");
    for (RequestTiming t : events) {
      body.append(body.length() == 1 ? "" : ",").append(TimingJson.toJson(t));
    }
    body.append(']');
    long start = System.nanoTime();
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(120))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(
          b,
          attempt,
          r.statusCode(),
          r.headers().firstValue("Retry-After").orElse(null),
          (System.nanoTime() - start) / 1_000_000,
          events);
    } catch (Exception e) {
      return new Answer(b, attempt, -1, null, (System.nanoTime() - start) / 1_000_000, events);
    }
  }

  /** Answers so far (attempts included). */
  public int answered() {
    return answers.size();
  }

  public int batches() {
    return batches.size();
  }

  /** Waits for every batch to be answered. */
  public List<Answer> await() throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
    return List.copyOf(answers);
  }
}
