package dev.r1lat.sink;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves the sink's counters in the Prometheus text format on {@code GET /metrics}. */
public final class SinkMetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  public SinkMetricsEndpoint(PrometheusMeterRegistry registry, String bind, int port)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
