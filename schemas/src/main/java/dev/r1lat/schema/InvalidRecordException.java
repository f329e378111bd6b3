package dev.r1lat.schema;

/**
 * A record that cannot be encoded or decoded; the message is the reason a dead-letter entry
 * carries.
 */
public class InvalidRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * The label the streams app and the sink count undecodable records under, beside the kinds of
   * {@link TimingRules.Kind} for records that decode but break a rule.
   */
  public static final String UNDECODABLE = "undecodable";

  public InvalidRecordException(String reason) {
    super(reason);
  }

  public InvalidRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The counter label of this rejection: {@link #UNDECODABLE} unless a subclass says otherwise. */
  public String reasonClass() {
    return UNDECODABLE;
  }
}
