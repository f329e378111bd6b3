package dev.r1lat.sink.write;

import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.schema.TimingRules;

/**
 * A record that decodes but breaks an event rule ({@link TimingRules}): poison for the table like
 * undecodable bytes, and dead-lettered the same way, but counted under the violation's kind. No
 * stack trace: it is an expected outcome, not a fault.
 */
public final class RejectedRecordException extends InvalidRecordException {
  private static final long serialVersionUID = 1L;

  private final String reasonClass;

  public RejectedRecordException(TimingRules.Violation violation) {
    super(violation.toString());
    this.reasonClass = violation.kind().label();
  }

  /** The counter label: {@code invalid_field} or {@code future_event_time}. */
  public String reasonClass() {
    return reasonClass;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
