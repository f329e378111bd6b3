package dev.r1lat.streams;

import java.time.Duration;

/**
 * How late events become correction rows ({@link LateCorrections}).
 *
 * @param intervalMs a window's pending late events are emitted at most once per this much wall time
 *     (a trickle of late events makes one correction row per window and interval, not one per
 *     event)
 * @param horizonMs how far behind its Kafka timestamp a late event's window may end and still be
 *     corrected; later ones are quarantined with a reason. At most {@code events.max-age}.
 */
public record LateCorrectionSettings(long intervalMs, long horizonMs) {
  public static final LateCorrectionSettings DEFAULTS =
      new LateCorrectionSettings(Duration.ofMinutes(1).toMillis(), Duration.ofDays(7).toMillis());

  public LateCorrectionSettings {
    if (intervalMs <= 0 || horizonMs <= 0) {
      throw new IllegalArgumentException(
          "late correction interval and horizon must be positive: "
              + intervalMs
              + ", "
              + horizonMs);
    }
  }

  /** The horizon may not exceed the age past which an event is quarantined anyway. */
  static LateCorrectionSettings of(Duration interval, Duration horizon, Duration maxAge) {
    if (horizon.compareTo(maxAge) > 0) {
      throw new IllegalArgumentException(
          "streams.late.horizon (" + horizon + ") must not exceed events.max-age (" + maxAge + ")");
    }
    return new LateCorrectionSettings(interval.toMillis(), horizon.toMillis());
  }
}
