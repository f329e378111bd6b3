package dev.r1lat.ingest.sim;

import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every event in arrival order; for tests and offline analysis. Thread-safe. */
public final class InMemoryTimingSink implements TimingSink {
  private final List<RequestTiming> events = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void accept(RequestTiming timing) {
    events.add(timing);
  }

  /** A snapshot of the events received so far. */
  public List<RequestTiming> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  public int size() {
    return events.size();
  }
}
