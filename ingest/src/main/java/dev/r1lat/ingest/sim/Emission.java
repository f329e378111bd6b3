package dev.r1lat.ingest.sim;

import dev.r1lat.schema.RequestTiming;

/**
 * One event as the simulated fleet publishes it: the timing, and when it is published ({@code
 * emitAtMs}, simulated wall time). In-order events are published when the request completes ({@code
 * emitAtMs == eventTimeMs}); out-of-order and late ones after a delay.
 *
 * @param sequence arrival number of the request (unique within a run, also for dropped ones)
 */
public record Emission(long emitAtMs, long sequence, Delivery delivery, RequestTiming timing) {

  /** How the event reaches the topic relative to its event time. */
  public enum Delivery {
    IN_ORDER,
    /** Published a few seconds after completion: behind newer events, within a short grace. */
    OUT_OF_ORDER,
    /** Published minutes after completion: after its window has usually closed. */
    LATE
  }
}
