package dev.r1lat.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Serves a process's metrics in the Prometheus text format on {@code GET /metrics}; the streams app
 * and the sink each hand it their registry's {@code scrape}.
 */
public final class PrometheusTextEndpoint implements AutoCloseable {
  private final HttpServer server;

  public PrometheusTextEndpoint(Supplier<String> scrape, String bind, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
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
