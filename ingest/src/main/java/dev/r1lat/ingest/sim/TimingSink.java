package dev.r1lat.ingest.sim;

import dev.r1lat.schema.RequestTiming;

/**
 * Where simulated events go: Kafka ({@link KafkaTimingSink}), a JSON-lines file ({@link
 * JsonLinesTimingSink}) or memory ({@link InMemoryTimingSink}, for tests). {@link #accept} may
 * block to apply backpressure; it never drops silently.
 */
public interface TimingSink extends AutoCloseable {
  void accept(RequestTiming timing);

  /** Waits until everything accepted so far is durably written. */
  default void flush() {}

  @Override
  default void close() {}
}
