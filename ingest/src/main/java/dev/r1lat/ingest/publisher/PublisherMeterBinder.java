package dev.r1lat.ingest.publisher;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * Exposes a publisher's counters to Micrometer: {@code r1lat.publisher.events} with tag {@code
 * outcome} = accepted | sent | dropped | failed, and the gauge {@code r1lat.publisher.queued}.
 * Micrometer is an optional dependency: only servers that use it need it.
 */
public final class PublisherMeterBinder implements MeterBinder {
  private final TimingPublisher publisher;

  public PublisherMeterBinder(TimingPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "accepted", PublisherMetrics::accepted);
    counter(registry, "sent", PublisherMetrics::sent);
    counter(registry, "dropped", PublisherMetrics::dropped);
    counter(registry, "failed", PublisherMetrics::failed);
    Gauge.builder("r1lat.publisher.queued", publisher, p -> p.metrics().queued())
        .description("request timings waiting in the publisher queue")
        .register(registry);
  }

  private void counter(MeterRegistry registry, String outcome, ToLongFunction<PublisherMetrics> f) {
    FunctionCounter.builder("r1lat.publisher.events", publisher, p -> f.applyAsLong(p.metrics()))
        .tag("outcome", outcome)
        .description("request timings by outcome")
        .register(registry);
  }
}
