package dev.r1lat.schema;

/**
 * A record that cannot be encoded or decoded; the message is the reason a dead-letter entry
 * carries.
 */
public class InvalidRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String reason) {
    super(reason);
  }

  public InvalidRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
