package dev.r1lat.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tiny HTTP servers between the forwarder and Alertmanager: one that refuses every alert with a 400
 * and a body, and a proxy to a real Alertmanager that holds back posts carrying a resolved alert
 * until released, so a test can see the alert firing in Alertmanager before it resolves.
 */
final class InTestReceiver implements AutoCloseable {
  static final String REFUSAL = "{\"code\":400,\"message\":\"bad alert (in-test receiver)\"}";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final HttpServer server;
  final AtomicInteger posts = new AtomicInteger();
  private String alertmanager;
  private List<String> held = new ArrayList<>();

  private InTestReceiver(HttpServer server) {
    this.server = server;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers every post with 400 and {@link #REFUSAL}. */
  static InTestReceiver refusing() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    InTestReceiver r = new InTestReceiver(server);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          r.posts.incrementAndGet();
          answer(exchange, 400, REFUSAL);
        });
    server.start();
    return r;
  }

  /**
   * Passes posts to {@code alertmanager}, except that one carrying a resolved alert is accepted
   * (200) and held back, in order, until {@link #releaseHeld}: the forwarder goes on with the other
   * events (other group levels opening) while the test looks at the alerts firing.
   */
  static InTestReceiver holdingResolved(String alertmanager) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    InTestReceiver r = new InTestReceiver(server);
    r.alertmanager = alertmanager;
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          r.posts.incrementAndGet();
          synchronized (r) {
            if (r.held != null && body.contains("\"state\":\"RESOLVED\"")) {
              r.held.add(body);
              answer(exchange, 200, "");
              return;
            }
          }
          int status = r.pass(exchange.getRequestURI().getPath(), body);
          answer(exchange, status, "");
        });
    server.start();
    return r;
  }

  /** Sends the held posts to Alertmanager in order and stops holding; the statuses it answered. */
  synchronized List<Integer> releaseHeld() {
    List<Integer> statuses = new ArrayList<>();
    for (String body : held) {
      statuses.add(pass("/api/v2/alerts", body));
    }
    held = null;
    return statuses;
  }

  private int pass(String path, String body) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(alertmanager + path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 503;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 503;
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
