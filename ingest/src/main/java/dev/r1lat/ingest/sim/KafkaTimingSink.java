package dev.r1lat.ingest.sim;

import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events to a Kafka topic keyed by request id (Avro single-object encoding). The record
 * timestamp is left to the producer (publication time): consumers window on {@code eventTimeMs}.
 * When the producer's buffer is full, {@link #accept} blocks: a simulation never drops events.
 */
public final class KafkaTimingSink implements TimingSink {
  private final Producer<String, RequestTiming> producer;
  private final String topic;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();

  public KafkaTimingSink(Map<String, Object> producerConfig, String topic) {
    this(
        new KafkaProducer<>(
            producerConfig, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer()),
        topic);
  }

  public KafkaTimingSink(Producer<String, RequestTiming> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void accept(RequestTiming timing) {
    producer.send(
        new ProducerRecord<>(topic, timing.getRequestId(), timing),
        (meta, e) -> {
          if (e == null) {
            acked.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, e);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  /** The first send error, if any; null when every send so far succeeded. */
  public Exception firstError() {
    return firstError.get();
  }

  @Override
  public void close() {
    producer.flush();
    producer.close(Duration.ofSeconds(30));
  }
}
