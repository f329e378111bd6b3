package dev.r1lat.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads one counter from a process's Prometheus text endpoint on 127.0.0.1. */
public final class Prometheus {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Prometheus() {}

  /**
   * The sum of every sample of {@code metric} (all label sets) on {@code port}; -1 when the
   * endpoint does not answer, 0 when it answers without that metric.
   */
  public static double sum(int port, String metric) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return sum(r.body(), metric);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static double sum(String text, String metric) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
        String[] parts = line.trim().split("\\s+");
        total += Double.parseDouble(parts[parts.length - 1]);
      }
    }
    return total;
  }
}
