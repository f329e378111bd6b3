package dev.r1lat.ingest.otlp;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.schema.RequestTiming;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;

/**
 * The OTLP traces receivers of the gateway: OTLP/gRPC ({@code gateway.otlp-grpc-port}, 4317) with
 * grpc-java on Netty, and OTLP/HTTP ({@code gateway.otlp-http-port}, 4318) on Netty, both in front
 * of one {@link OtlpIngest} that shares the JSON gateway's Kafka producer, limits, token and
 * deadline. Closing stops the listeners and the workers; the producer stays open for its owner.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final OtlpIngest ingest;
  private final String bind;
  private final int grpcPort;
  private final int httpPort;
  private Server grpc;
  private OtlpHttpServer http;

  public OtlpReceiver(
      GatewayConfig config,
      SpanMapping mapping,
      String bind,
      int grpcPort,
      int httpPort,
      Producer<String, RequestTiming> producer) {
    this.ingest = new OtlpIngest(config, mapping, producer);
    this.bind = bind;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
  }

  /** A receiver configured by {@code gateway.otlp-*} and {@code otlp.*}. */
  public static OtlpReceiver fromSettings(
      Settings s, GatewayConfig config, Producer<String, RequestTiming> producer) {
    return new OtlpReceiver(
        config,
        SpanMapping.fromSettings(s),
        s.get(OtlpSettings.BIND),
        s.get(OtlpSettings.GRPC_PORT),
        s.get(OtlpSettings.HTTP_PORT),
        producer);
  }

  public synchronized OtlpReceiver start() throws IOException {
    grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress(bind, grpcPort))
            .addService(OtlpGrpcService.definition(ingest))
            .maxInboundMessageSize(ingest.maxRequestBytes())
            .build()
            .start();
    OtlpHttpServer server = new OtlpHttpServer(ingest);
    try {
      http = server.start(bind, httpPort);
    } catch (IOException | RuntimeException e) {
      server.close();
      // shutdownNow only starts the shutdown: wait for the listener to be gone, so the caller may
      // bind its port again as soon as start() has failed
      grpc.shutdownNow();
      try {
        grpc.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("could not listen for OTLP/HTTP on " + bind + ":" + httpPort, e);
    }
    return this;
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  public int httpPort() {
    return http.port();
  }

  /** {@code http://bind:port}, what an OTLP/gRPC exporter's endpoint is set to. */
  public URI grpcEndpoint() {
    return URI.create("http://" + bind + ":" + grpcPort());
  }

  /** {@code http://bind:port/v1/traces}. */
  public URI httpTracesUri() {
    return URI.create("http://" + bind + ":" + httpPort() + OtlpHttpServer.PATH);
  }

  public OtlpMetrics metrics() {
    return ingest.metrics();
  }

  @Override
  public synchronized void close() {
    if (grpc != null) {
      grpc.shutdown();
      try {
        if (!grpc.awaitTermination(2, TimeUnit.SECONDS)) {
          grpc.shutdownNow();
        }
      } catch (InterruptedException e) {
        grpc.shutdownNow();
        Thread.currentThread().interrupt();
      }
      grpc = null;
    }
    if (http != null) {
      http.close();
      http = null;
    }
    ingest.close();
  }
}
