package dev.r1lat.streams;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;

/** An event whose event time is an hour after the moment it was produced. */
final class TimingsFuture {
  private TimingsFuture() {}

  static void sendFromTheFuture(TopologyHarness h) {
    RequestTiming t = Timings.request().at(Timings.T0 + 3_600_000).build();
    h.input.pipeInput(new byte[0], AvroCodec.of(RequestTiming.class).encode(t), Timings.T0);
  }
}
