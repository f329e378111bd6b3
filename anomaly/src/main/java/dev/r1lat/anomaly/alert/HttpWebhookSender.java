package dev.r1lat.anomaly.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link WebhookSender} over the JDK HTTP client: one POST of application/json per call. */
public final class HttpWebhookSender implements WebhookSender {
  /** A refusal's body goes into logs and dead-letter headers: enough to read why, bounded. */
  static final int MAX_BODY_CHARS = 4_000;

  private final HttpClient client;
  private final URI url;
  private final Duration timeout;

  public HttpWebhookSender(URI url, Duration timeout) {
    this.url = url;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String target() {
    return url.toString();
  }

  @Override
  public void post(String json) throws DeliveryException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DeliveryException(url + " unreachable: " + e, false, 0, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted", false, 0, "");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String body = new String(response.body(), StandardCharsets.UTF_8).trim();
    if (body.length() > MAX_BODY_CHARS) {
      body = body.substring(0, MAX_BODY_CHARS) + "...";
    }
    boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
    throw new DeliveryException(
        url + " answered HTTP " + status + (body.isEmpty() ? "" : ": " + body),
        permanent,
        status,
        body);
  }
}
