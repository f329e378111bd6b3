package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.schema.TimingRules.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP ingest for serving stacks that are not on the JVM (vLLM, SGLang, ...).
 *
 * <ul>
 *   <li>{@code POST /v1/timings}: one event object or an array of them, JSON with the Avro field
 *       names; {@code Content-Encoding: gzip} accepted. Each event is parsed, checked by {@link
 *       TimingRules} and written to Kafka as Avro, keyed by request id.
 *       <ul>
 *         <li>{@code 202}: every event accepted, and Kafka acknowledged every one of them;
 *         <li>{@code 400}: some events are invalid; each error names its index, field and reason;
 *             the valid events of the batch were still written and acknowledged ({@code accepted});
 *         <li>{@code 401}: bearer token required and missing or wrong;
 *         <li>{@code 413}: body (on the wire or decompressed) or batch beyond the limits;
 *         <li>{@code 415}: a content encoding other than gzip;
 *         <li>{@code 503}: Kafka did not acknowledge in time; retry the request (request ids make
 *             the retry idempotent downstream).
 *       </ul>
 *   <li>{@code GET /health}: 200 with counters while the server runs.
 * </ul>
 *
 * Response body: {@code {"accepted":N,"rejected":M,"errors":[{"index":i,"field":"ttftMs",
 * "reason":"must not be negative (was -3.0)"}]}}.
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
  public static final String PATH = "/v1/timings";

  private final GatewayConfig config;
  private final Producer<String, RequestTiming> producer;
  private final TimingRules rules;
  private final ObjectMapper json = TimingJson.mapper();
  private final byte[] expectedAuth;
  private final LongAdder requests = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder kafkaFailures = new LongAdder();
  private HttpServer server;
  private ExecutorService executor;

  public IngestGateway(GatewayConfig config, Producer<String, RequestTiming> producer) {
    this.config = config;
    this.producer = producer;
    this.rules = config.rules();
    this.expectedAuth = ("Bearer " + config.authToken()).getBytes(StandardCharsets.UTF_8);
  }

  /** A gateway with its own idempotent {@link KafkaProducer}. */
  public static IngestGateway create(GatewayConfig config, Map<String, Object> producerProps) {
    return new IngestGateway(
        config,
        new KafkaProducer<>(
            producerProps, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer()));
  }

  public synchronized IngestGateway start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 128);
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            config.threads(),
            r -> {
              Thread t = new Thread(r, "r1lat-gateway-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(PATH, this::safely);
    server.createContext("/health", this::safely);
    server.createContext("/", this::safely);
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI uri() {
    return URI.create("http://" + config.bind() + ":" + port() + PATH);
  }

  /** Counters since start: requests, events accepted (acknowledged), rejected, Kafka failures. */
  public Map<String, Long> counters() {
    return Map.of(
        "requests", requests.sum(),
        "accepted", accepted.sum(),
        "rejected", rejected.sum(),
        "kafkaFailures", kafkaFailures.sum());
  }

  private void safely(HttpExchange ex) {
    try (ex) {
      route(ex);
    } catch (Exception e) {
      LOG.warn("gateway request failed: {}", e.toString());
      try {
        respond(ex, 500, error("internal error: " + e.getClass().getSimpleName()));
      } catch (IOException | RuntimeException ignored) {
        // the response may already have started; the client sees a broken connection
      }
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.equals("/health")) {
      ObjectNode o = json.createObjectNode();
      o.put("status", "UP");
      o.put("topic", config.topic());
      counters().forEach(o::put);
      respond(ex, 200, o);
    } else if (path.equals(PATH)) {
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().set("Allow", "POST");
        respond(ex, 405, error("use POST"));
        return;
      }
      ingest(ex);
    } else {
      respond(ex, 404, error("not found; POST " + PATH + " or GET /health"));
    }
  }

  private void ingest(HttpExchange ex) throws IOException {
    requests.increment();
    if (config.authRequired() && !authorized(ex)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"r1lat\"");
      respond(ex, 401, error("missing or wrong bearer token (Authorization: Bearer ...)"));
      return;
    }
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
      if (!encoding.trim().equalsIgnoreCase("gzip")) {
        respond(ex, 415, error("unsupported Content-Encoding " + encoding + "; use gzip or none"));
        return;
      }
      gzip = true;
    }
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > config.maxRequestBytes()) {
          respond(ex, 413, error(tooLarge()));
          return;
        }
      } catch (NumberFormatException e) {
        respond(ex, 400, error("bad Content-Length"));
        return;
      }
    }
    byte[] body;
    try {
      InputStream in = new BoundedInputStream(ex.getRequestBody(), config.maxRequestBytes());
      if (gzip) {
        in = new BoundedInputStream(new GZIPInputStream(in), config.maxRequestBytes());
      }
      body = readAll(in);
    } catch (BoundedInputStream.TooLarge e) {
      respond(ex, 413, error(tooLarge()));
      return;
    } catch (ZipException e) {
      respond(ex, 400, error("body is not valid gzip: " + e.getMessage()));
      return;
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      respond(ex, 400, error("malformed JSON: " + e.getOriginalMessage()));
      return;
    }
    if (root == null || !(root.isObject() || root.isArray())) {
      respond(ex, 400, error("body must be one event object or an array of event objects"));
      return;
    }
    List<JsonNode> items = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(items::add);
    } else {
      items.add(root);
    }
    if (items.size() > config.maxBatchRecords()) {
      respond(
          ex,
          413,
          error(
              "batch of "
                  + items.size()
                  + " events exceeds gateway.max-batch-records="
                  + config.maxBatchRecords()));
      return;
    }

    long now = System.currentTimeMillis();
    ArrayNode errors = json.createArrayNode();
    List<RequestTiming> good = new ArrayList<>(items.size());
    int bad = 0;
    for (int i = 0; i < items.size(); i++) {
      TimingJson.Parsed parsed = TimingJson.fromJson(items.get(i));
      List<Violation> violations =
          parsed.ok() ? rules.violations(parsed.timing(), now) : parsed.violations();
      if (violations.isEmpty()) {
        good.add(parsed.timing());
      } else {
        bad++;
        JsonNode id = items.get(i).get("requestId");
        for (Violation v : violations) {
          ObjectNode e = errors.addObject();
          e.put("index", i);
          if (id != null && id.isTextual()) {
            e.put("requestId", id.textValue());
          }
          e.put("field", v.field());
          e.put("reason", v.reason());
        }
      }
    }

    int acked = 0;
    String kafkaError = null;
    if (!good.isEmpty()) {
      List<Future<RecordMetadata>> futures = new ArrayList<>(good.size());
      for (RequestTiming t : good) {
        try {
          futures.add(producer.send(new ProducerRecord<>(config.topic(), t.getRequestId(), t)));
        } catch (RuntimeException e) {
          kafkaError = e.toString();
          break;
        }
      }
      long deadline = System.nanoTime() + config.kafkaTimeout().toNanos();
      for (Future<RecordMetadata> f : futures) {
        try {
          f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          acked++;
        } catch (ExecutionException e) {
          kafkaError = e.getCause().toString();
        } catch (TimeoutException e) {
          kafkaError = "no acknowledgement within " + config.kafkaTimeout();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          kafkaError = "interrupted";
          break;
        }
      }
    }
    accepted.add(acked);
    rejected.add(bad);
    ObjectNode out = json.createObjectNode();
    out.put("accepted", acked);
    out.put("rejected", bad);
    if (kafkaError != null) {
      kafkaFailures.add(good.size() - acked);
      out.put("failed", good.size() - acked);
      out.put(
          "error",
          "Kafka did not acknowledge "
              + (good.size() - acked)
              + " of "
              + good.size()
              + " valid events ("
              + kafkaError
              + "); retry the request");
      out.set("errors", errors);
      ex.getResponseHeaders().set("Retry-After", "1");
      respond(ex, 503, out);
      return;
    }
    out.set("errors", errors);
    respond(ex, bad == 0 ? 202 : 400, out);
  }

  private String tooLarge() {
    return "request body exceeds gateway.max-request-bytes="
        + config.maxRequestBytes()
        + " (on the wire or decompressed); send smaller batches";
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8), expectedAuth);
  }

  private ObjectNode error(String reason) {
    ObjectNode o = json.createObjectNode();
    o.put("accepted", 0);
    o.put("rejected", 0);
    o.put("error", reason);
    o.putArray("errors");
    return o;
  }

  private void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  /** Stops listening (in-flight requests get up to a second), then flushes and closes Kafka. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(1);
      executor.shutdownNow();
      server = null;
    }
    producer.close(java.time.Duration.ofSeconds(10));
  }

  /** Reads at most {@code limit} bytes; one more is an error, not a silent truncation. */
  static final class BoundedInputStream extends InputStream {
    static final class TooLarge extends IOException {
      private static final long serialVersionUID = 1L;

      TooLarge() {
        super("body too large");
      }
    }

    private final InputStream in;
    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && ++count > limit) {
        throw new TooLarge();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0) {
        count += n;
        if (count > limit) {
          throw new TooLarge();
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "IngestGateway[%s -> %s]", server == null ? "stopped" : uri(), config.topic());
  }
}
