package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP ingest for serving stacks that are not on the JVM (vLLM, SGLang, ...): the JDK HTTP server
 * in front of {@link IngestService}, which holds everything that is not HTTP plumbing.
 *
 * <ul>
 *   <li>{@code POST /v1/timings}: one event object or an array of them, JSON with the Avro field
 *       names; {@code Content-Encoding: gzip} accepted. Each event is parsed, checked by {@link
 *       TimingRules} and written to Kafka as Avro, keyed by request id.
 *       <ul>
 *         <li>{@code 202}: every event accepted, and Kafka acknowledged every one of them;
 *         <li>{@code 400}: some events are invalid; each error names its index, field and reason
 *             (the first 100 are listed, {@code errorCount} counts all); the valid events of the
 *             batch were still written and acknowledged ({@code accepted});
 *         <li>{@code 401}: bearer token required and missing or wrong;
 *         <li>{@code 413}: body (on the wire or decompressed) or batch beyond the limits;
 *         <li>{@code 415}: a content encoding other than gzip;
 *         <li>{@code 429}: the gateway's queue is full; nothing was read; retry after {@code
 *             Retry-After} seconds;
 *         <li>{@code 503}: Kafka did not acknowledge within {@code gateway.kafka-timeout} of the
 *             request's arrival; retry the request after {@code Retry-After} seconds (the same
 *             request id with the same event is counted once downstream).
 *       </ul>
 *   <li>{@code GET /health}: 200 with counters while the server runs.
 *   <li>{@code GET /metrics}: the counters in Prometheus text format.
 *   <li>{@code GET /openapi.json}: the OpenAPI document of this API ({@link OpenApi}).
 * </ul>
 *
 * Response body: {@code {"accepted":N,"rejected":M,"errors":[{"index":i,"field":"ttftMs",
 * "reason":"must not be negative (was -3.0)"}],"errorCount":K}}.
 *
 * <p>Threads: a small pool runs the HTTP exchanges, which only route, check headers, answer {@code
 * /health}, {@code /metrics} and 429s, and write answers; request bodies are read on the admission
 * workers. So health and shedding stay fast while every worker waits for a frozen broker.
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
  public static final String PATH = "/v1/timings";
  public static final String OPENAPI_PATH = "/openapi.json";
  private static final int HTTP_THREADS = 2;
  private static final int DRAIN_THREADS = 2;

  private final GatewayConfig config;
  private final IngestService service;
  private HttpServer server;
  private ExecutorService http;
  private ThreadPoolExecutor drainer;

  public IngestGateway(GatewayConfig config, Producer<String, RequestTiming> producer) {
    this.config = config;
    this.service = new IngestService(config, producer);
  }

  /**
   * A gateway with its own idempotent {@link KafkaProducer}; the producer's max.block.ms,
   * delivery.timeout.ms and request.timeout.ms follow {@code gateway.kafka-timeout}.
   */
  public static IngestGateway create(GatewayConfig config, Map<String, Object> producerProps) {
    return new IngestGateway(config, producer(config, producerProps));
  }

  /**
   * The gateway's idempotent producer, with the timeouts of {@code gateway.kafka-timeout}; the OTLP
   * receivers share it with the gateway, which closes it.
   */
  public static Producer<String, RequestTiming> producer(
      GatewayConfig config, Map<String, Object> producerProps) {
    return new KafkaProducer<>(
        KafkaWriter.producerProps(producerProps, config.kafkaTimeout()),
        new StringSerializer(),
        AvroSerde.of(RequestTiming.class).serializer());
  }

  public synchronized IngestGateway start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 128);
    AtomicInteger n = new AtomicInteger();
    http =
        Executors.newFixedThreadPool(
            HTTP_THREADS,
            r -> {
              Thread t = new Thread(r, "r1lat-gateway-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    AtomicInteger d = new AtomicInteger();
    drainer =
        new ThreadPoolExecutor(
            DRAIN_THREADS,
            DRAIN_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "r1lat-gateway-drain-" + d.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(http);
    server.createContext("/", this::exchange);
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI uri() {
    return URI.create("http://" + config.bind() + ":" + port() + PATH);
  }

  /** Counters since start (see {@link GatewayMetrics#counters()}). */
  public Map<String, Long> counters() {
    return service.metrics().counters();
  }

  public GatewayMetrics metrics() {
    return service.metrics();
  }

  private void exchange(HttpExchange ex) {
    try {
      String path = ex.getRequestURI().getPath();
      if (path.equals(PATH) && ex.getRequestMethod().equals("POST")) {
        // answered later, by a worker or the deadline; the exchange stays open until then
        service
            .handle(ex.getRequestHeaders()::getFirst, ex::getRequestBody)
            .whenCompleteAsync(
                (reply, e) -> answerIngest(ex, reply != null ? reply : internalError(e)), http);
      } else if (path.equals("/metrics")) {
        respondText(ex, service.metrics().prometheus());
      } else {
        respond(ex, route(path));
      }
    } catch (RuntimeException e) {
      respond(ex, internalError(e));
    }
  }

  private Reply route(String path) {
    if (path.equals(PATH)) {
      return Reply.error(405, "use POST").withHeader("Allow", "POST");
    } else if (path.equals("/health")) {
      ObjectNode o = TimingJson.mapper().createObjectNode();
      o.put("status", "UP");
      o.put("topic", config.topic());
      counters().forEach(o::put);
      return Reply.of(200, o);
    }
    if (path.equals(OPENAPI_PATH)) {
      return Reply.of(200, OpenApi.document());
    }
    return Reply.error(
        404, "not found; POST " + PATH + ", GET /health, GET /metrics or GET " + OPENAPI_PATH);
  }

  private Reply internalError(Throwable e) {
    LOG.warn("gateway request failed: {}", String.valueOf(e));
    return Reply.error(
        500, "internal error: " + (e == null ? "unknown" : e.getClass().getSimpleName()));
  }

  /**
   * Answers an ingest request. A body left unread (401, 413, 415, 429) is then read and discarded
   * on a drain thread: closing with unread bytes makes the kernel reset the connection, and the
   * reset can destroy the answer before the client reads it. Not after a deadline's 503: its worker
   * may still be reading the body, so that connection is closed.
   */
  private void answerIngest(HttpExchange ex, Reply reply) {
    boolean drain = !"close".equals(reply.headers().get("Connection"));
    if (write(ex, reply) && drain) {
      try {
        drainer.execute(() -> drainAndClose(ex));
        return;
      } catch (RejectedExecutionException busy) {
        // every drain thread busy with slow clients: close; a client may see a reset
      }
    }
    ex.close();
  }

  private void respond(HttpExchange ex, Reply reply) {
    write(ex, reply);
    ex.close();
  }

  /** Writes status, headers and body, flushed; false if the client went away. */
  private static boolean write(HttpExchange ex, Reply reply) {
    try {
      byte[] bytes = TimingJson.mapper().writeValueAsBytes(reply.body());
      reply.headers().forEach(ex.getResponseHeaders()::set);
      return write(ex, reply.status(), "application/json", bytes);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean write(HttpExchange ex, int status, String type, byte[] bytes) {
    try {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      OutputStream os = ex.getResponseBody();
      os.write(bytes);
      os.flush();
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not answer {}: {}", ex.getRequestURI(), e.toString());
      return false;
    }
  }

  private void respondText(HttpExchange ex, String text) {
    write(
        ex, 200, "text/plain; version=0.0.4; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    ex.close();
  }

  /** Reads what the client still sends, up to the body limit, then ends the exchange. */
  private void drainAndClose(HttpExchange ex) {
    try (ex;
        InputStream in = ex.getRequestBody()) {
      byte[] buf = new byte[8192];
      long left = config.maxRequestBytes();
      for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** Stops listening (in-flight requests get up to a second), then flushes and closes Kafka. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(1);
      http.shutdownNow();
      drainer.shutdownNow();
      server = null;
    }
    service.close();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "IngestGateway[%s -> %s]", server == null ? "stopped" : uri(), config.topic());
  }
}
