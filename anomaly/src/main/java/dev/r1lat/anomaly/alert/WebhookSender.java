package dev.r1lat.anomaly.alert;

/** Posts one JSON document to the alert receiver. */
public interface WebhookSender {

  /**
   * Returns normally once the receiver accepted it (2xx). Throws {@link DeliveryException}
   * otherwise: {@code permanent} when retrying the same body cannot help (a 4xx other than 408 and
   * 429), else the caller retries.
   */
  void post(String json) throws DeliveryException;

  /** Where it posts, for logs and dead-letter headers. */
  String target();

  final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean permanent;
    private final int status;
    private final String responseBody;

    /** {@code status} 0: no HTTP answer (connection refused, timeout). */
    public DeliveryException(String message, boolean permanent, int status, String responseBody) {
      super(message);
      this.permanent = permanent;
      this.status = status;
      this.responseBody = responseBody;
    }

    public boolean permanent() {
      return permanent;
    }

    public int status() {
      return status;
    }

    public String responseBody() {
      return responseBody;
    }
  }
}
