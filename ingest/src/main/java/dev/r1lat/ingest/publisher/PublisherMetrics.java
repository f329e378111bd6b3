package dev.r1lat.ingest.publisher;

/**
 * Counters of a {@link TimingPublisher} at one moment.
 *
 * @param accepted events record() took into the queue
 * @param sent events Kafka acknowledged
 * @param dropped events record() refused (queue full, or after close) or close() abandoned
 * @param failed events Kafka did not take (send or serialization error, after the producer's own
 *     retries)
 * @param queued events waiting in the queue now
 */
public record PublisherMetrics(long accepted, long sent, long dropped, long failed, int queued) {
  /** Accepted events not yet acknowledged or failed (queued or in the producer). */
  public long pending() {
    return accepted - sent - failed;
  }
}
