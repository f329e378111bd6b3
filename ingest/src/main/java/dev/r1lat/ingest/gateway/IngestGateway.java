package dev.r1lat.ingest.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP ingest for serving stacks that are not on the JVM (vLLM, SGLang, ...): Netty in front of
 * {@link IngestService}, which holds everything that is not HTTP plumbing.
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
 * <p>Threads: two Netty event loops accept, route, answer {@code /health}, {@code /metrics} and
 * 429s, write answers and discard the unread rest of refused bodies; they never block. Request
 * bodies are read on the admission workers as they arrive ({@link BodyStream}, with the channel's
 * back-pressure). So health and shedding stay fast while every worker waits for a frozen broker.
 */
public final class IngestGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);
  public static final String PATH = "/v1/timings";
  public static final String OPENAPI_PATH = "/openapi.json";
  private static final int EVENT_LOOPS = 2;

  private final GatewayConfig config;
  private final IngestService service;
  private EventLoopGroup group;
  private Channel channel;

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
    group = new MultiThreadIoEventLoopGroup(EVENT_LOOPS, NioIoHandler.newFactory());
    try {
      channel =
          NettyHttp.bind(
              group,
              new InetSocketAddress(config.bind(), config.port()),
              () ->
                  new ChannelHandler[] {
                    new GatewayHttpHandler(service, this::route, config.maxRequestBytes())
                  });
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("could not listen on " + config.bind() + ":" + config.port(), e);
    }
    return this;
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
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

  /** Every answer but the ingest one, computed on the event loop. */
  private GatewayHttpHandler.Answer route(HttpRequest req) {
    try {
      String path = req.uri().split("\\?", 2)[0];
      if (path.equals("/metrics")) {
        return new GatewayHttpHandler.Answer(
            200,
            "text/plain; version=0.0.4; charset=utf-8",
            service.metrics().prometheus().getBytes(StandardCharsets.UTF_8),
            Map.of());
      }
      if (path.equals(PATH)) {
        return answer(Reply.error(405, "use POST").withHeader("Allow", "POST"));
      } else if (path.equals("/health")) {
        ObjectNode o = TimingJson.mapper().createObjectNode();
        o.put("status", "UP");
        o.put("topic", config.topic());
        counters().forEach(o::put);
        return answer(Reply.of(200, o));
      } else if (path.equals(OPENAPI_PATH)) {
        return answer(Reply.of(200, OpenApi.document()));
      }
      return answer(
          Reply.error(
              404,
              "not found; POST " + PATH + ", GET /health, GET /metrics or GET " + OPENAPI_PATH));
    } catch (RuntimeException e) {
      return answer(internalError(e));
    }
  }

  static Reply internalError(Throwable e) {
    LOG.warn("gateway request failed: {}", String.valueOf(e));
    return Reply.error(
        500, "internal error: " + (e == null ? "unknown" : e.getClass().getSimpleName()));
  }

  /** A reply as JSON bytes with its headers. */
  static GatewayHttpHandler.Answer answer(Reply reply) {
    try {
      return new GatewayHttpHandler.Answer(
          reply.status(),
          "application/json",
          TimingJson.mapper().writeValueAsBytes(reply.body()),
          reply.headers());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a reply", e);
    }
  }

  /** Stops listening (in-flight requests get up to a second), then flushes and closes Kafka. */
  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      channel = null;
    }
    service.close();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "IngestGateway[%s -> %s]",
        channel == null ? "stopped" : uri(),
        config.topic());
  }
}
