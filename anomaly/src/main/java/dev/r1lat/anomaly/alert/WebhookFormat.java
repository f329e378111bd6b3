package dev.r1lat.anomaly.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * For plain webhook receivers: the JSON Alertmanager itself posts to its receivers (version 4), one
 * event per post ({@link AlertmanagerPayload}). A webhook receiver keeps what it was told, so
 * nothing is re-posted; an anomaly whose incident was renamed carries the new name from its next
 * event on.
 */
public final class WebhookFormat implements AlertFormat {
  private final String receiver;

  public WebhookFormat(String receiver) {
    this.receiver = receiver;
  }

  @Override
  public String event(IncidentTracker.Applied applied, Instant now) {
    return AlertmanagerPayload.json(applied.event(), receiver, applied.incident());
  }

  @Override
  public Optional<String> repost(Collection<IncidentTracker.Open> open, Instant now) {
    return Optional.empty();
  }
}
