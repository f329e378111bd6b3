package dev.r1lat.anomaly.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** The body a receiver takes, for one lifecycle event and for a re-post of every open alert. */
public interface AlertFormat {

  /** The body that tells the receiver about one lifecycle event. */
  String event(IncidentTracker.Applied applied, Instant now);

  /**
   * The body that posts every open alert again, or empty when the receiver needs none: Alertmanager
   * ends an alert it was not told about for a while, a plain webhook receiver does not.
   */
  Optional<String> repost(Collection<IncidentTracker.Open> open, Instant now);
}
