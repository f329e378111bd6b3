package dev.r1lat.anomaly.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link WebhookSender} over the JDK HTTP client: one POST of application/json per call. */
public final class HttpWebhookSender implements WebhookSender {
  private final HttpClient client;
  private final URI url;
  private final Duration timeout;

  public HttpWebhookSender(URI url, Duration timeout) {
    this.url = url;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public void post(String json) throws DeliveryException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    int status;
    try {
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new DeliveryException(url + " unreachable: " + e, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted", false);
    }
    if (status >= 200 && status < 300) {
      return;
    }
    boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
    throw new DeliveryException(url + " answered HTTP " + status, permanent);
  }
}
