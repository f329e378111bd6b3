package dev.r1lat.streams;

import dev.r1lat.schema.FastTimingDecoder;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys a late event by its window start, so every late event of one window (retries included:
 * same event time) meets in one {@link LateCorrections} task. The original key (the request id)
 * travels in a header, for the quarantine topic. Stateless; the event was validated upstream.
 */
final class LateKeyer implements Processor<byte[], AggregatorOutput, Long, byte[]> {
  static final String REQUEST_KEY_HEADER = "r1lat.key";

  private final long windowMs;
  private final FastTimingDecoder decoder = new FastTimingDecoder();
  private ProcessorContext<Long, byte[]> ctx;

  LateKeyer(long windowMs) {
    this.windowMs = windowMs;
  }

  @Override
  public void init(ProcessorContext<Long, byte[]> context) {
    this.ctx = context;
  }

  @Override
  public void process(Record<byte[], AggregatorOutput> record) {
    byte[] value = ((AggregatorOutput.Rejected) record.value()).value();
    long eventTime = decoder.decode(value).getEventTimeMs();
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.add(REQUEST_KEY_HEADER, record.key() == null ? new byte[0] : record.key());
    long windowStart = eventTime - Math.floorMod(eventTime, windowMs);
    ctx.forward(new Record<>(windowStart, value, record.timestamp(), headers));
  }
}
