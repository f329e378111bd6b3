package dev.r1lat.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes scenario records to the input topic the way the publisher library does (idempotent,
 * acks=all), either at once or paced on a background thread so a fault can land mid-stream. Sends
 * survive a broker restart: the delivery timeout is long, and every acknowledgement and failure is
 * counted, so "events in" is what Kafka acknowledged, never what we merely tried to send.
 */
public final class TrafficProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private Thread pacer;

  public TrafficProducer(String bootstrap, String topic) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /** Sends every record and waits until Kafka acknowledged them all. */
  public void sendAll(List<Outbound> records) {
    records.forEach(this::send);
    producer.flush();
  }

  /**
   * Sends on a background thread at about {@code perSecond} records/s (in slices of 50 ms, so the
   * stream never pauses long enough to trigger the streams app's idle advance).
   */
  public void sendPaced(List<Outbound> records, int perSecond) {
    if (pacer != null) {
      throw new IllegalStateException("already sending");
    }
    pacer = new Thread(() -> pace(records, perSecond), "traffic-pacer");
    pacer.setDaemon(true);
    pacer.start();
  }

  private void pace(List<Outbound> records, int perSecond) {
    int slice = Math.max(1, perSecond / 20);
    long t0 = System.nanoTime();
    for (int i = 0; i < records.size(); i++) {
      send(records.get(i));
      if ((i + 1) % slice == 0) {
        long due = t0 + (long) ((i + 1) * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          sleepNanos(wait);
        }
      }
    }
    producer.flush();
  }

  /** Waits for the paced sending to end and everything to be acknowledged. */
  public void awaitPaced() throws InterruptedException {
    if (pacer != null) {
      pacer.join();
      pacer = null;
    }
    producer.flush();
  }

  private void send(Outbound o) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Outbound.KIND_HEADER, o.kind().getBytes(StandardCharsets.UTF_8));
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            topic,
            o.partition(),
            o.timestampMs() == null ? System.currentTimeMillis() : o.timestampMs(),
            o.keyBytes(),
            o.value(),
            headers);
    sent.incrementAndGet();
    producer.send(
        r,
        (meta, e) -> {
          if (e == null) {
            acked.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        });
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public long sent() {
    return sent.get();
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  public Exception firstFailure() {
    return firstFailure.get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
