package dev.r1lat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a test reads back from a real Alertmanager: {@code GET /api/v2/alerts} and its groups. */
final class AlertmanagerApi {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String base;

  AlertmanagerApi(String base) {
    this.base = base;
  }

  /** The alerts Alertmanager holds as not ended (resolved ones are not listed). */
  List<JsonNode> activeAlerts() {
    return list(get("/api/v2/alerts"));
  }

  /** The alert groups of its routes: one per {@code group_by} value. */
  List<JsonNode> groups() {
    return list(get("/api/v2/alerts/groups"));
  }

  /** Polls until {@code done} holds for the active alerts; returns the last ones read. */
  List<JsonNode> awaitAlerts(Predicate<List<JsonNode>> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> alerts = activeAlerts();
    while (!done.test(alerts) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      alerts = activeAlerts();
    }
    return alerts;
  }

  static List<String> labels(List<JsonNode> alerts, String label) {
    return alerts.stream().map(a -> a.at("/labels/" + label).asText()).sorted().toList();
  }

  private JsonNode get(String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> res = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + res.statusCode() + ": " + res.body());
      }
      return json.readTree(res.body());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Alertmanager at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
