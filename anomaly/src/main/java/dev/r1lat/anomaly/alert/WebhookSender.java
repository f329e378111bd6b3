package dev.r1lat.anomaly.alert;

/** Posts one JSON document to the alert receiver. */
public interface WebhookSender {

  /**
   * Returns normally once the receiver accepted it (2xx). Throws {@link DeliveryException}
   * otherwise: {@code permanent} when retrying the same body cannot help (a 4xx other than 408 and
   * 429), else the caller retries.
   */
  void post(String json) throws DeliveryException;

  final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean permanent;

    public DeliveryException(String message, boolean permanent) {
      super(message);
      this.permanent = permanent;
    }

    public boolean permanent() {
      return permanent;
    }
  }
}
