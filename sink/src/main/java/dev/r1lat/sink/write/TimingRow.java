package dev.r1lat.sink.write;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;

/**
 * A consumed RequestTiming that passed the event rules: row {@code index} of its range's {@link
 * TimingBlock}, which holds its Native columns, and the single-object message they were written
 * from (as received, or re-encoded once from an older writer schema).
 */
public record TimingRow(TimingBlock block, int index, byte[] message) {
  private static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);

  /** The event as an object (tests, natural keys); the insert path never builds it. */
  public RequestTiming decode() {
    return TIMINGS.decode(message);
  }
}
