package dev.r1lat.ingest.publisher;

import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an inference server embeds to publish one {@link RequestTiming} per request.
 *
 * <p>{@link #record} never blocks and never throws: it puts the event into a bounded queue and
 * returns; when the queue is full (Kafka down or too slow) the event is dropped and counted, so the
 * request path is never slowed by telemetry. A background thread takes events from the queue,
 * serializes them (Avro single-object encoding, keyed by request id) and sends them with an
 * idempotent producer ({@code acks=all}, compression, batching). {@link #close} stops accepting,
 * sends what is queued and flushes, within {@code closeTimeout}. Counters: {@link #metrics()}, or
 * Micrometer through {@link PublisherMeterBinder}.
 *
 * <pre>{@code
 * try (TimingPublisher publisher = TimingPublisher.create(PublisherConfig.fromSettings(settings))) {
 *   ... on every finished request:
 *   publisher.record(timing);
 * }
 * }</pre>
 *
 * Thread-safe: any number of request threads may call record() concurrently.
 */
public final class TimingPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TimingPublisher.class);
  private static final int DRAIN_BATCH = 512;
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final Producer<String, RequestTiming> producer;
  private final String topic;
  private final ArrayBlockingQueue<RequestTiming> queue;
  private final Duration closeTimeout;
  private final Thread sender;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder handed = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<Exception> lastError = new AtomicReference<>();
  private final Callback callback = this::onCompletion;
  private volatile boolean closed;
  private volatile boolean stopSender;

  /** A publisher with its own {@link KafkaProducer} built from {@code config}. */
  public static TimingPublisher create(PublisherConfig config) {
    Producer<String, RequestTiming> producer =
        new KafkaProducer<>(
            config.producerProperties(),
            new StringSerializer(),
            AvroSerde.of(RequestTiming.class).serializer());
    return new TimingPublisher(
        producer, config.topic(), config.queueCapacity(), config.closeTimeout());
  }

  /** A publisher over a given producer (which it owns and closes); for tests and custom setups. */
  public TimingPublisher(
      Producer<String, RequestTiming> producer,
      String topic,
      int queueCapacity,
      Duration closeTimeout) {
    this.producer = producer;
    this.topic = topic;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.closeTimeout = closeTimeout;
    this.sender = new Thread(this::sendLoop, "r1lat-timing-publisher");
    this.sender.setDaemon(true);
    this.sender.start();
  }

  /**
   * Hands one event to the background sender. Never blocks, never throws.
   *
   * @return false if the event was dropped (queue full, or publisher closed)
   */
  public boolean record(RequestTiming timing) {
    if (timing == null || closed || !queue.offer(timing)) {
      dropped.increment();
      return false;
    }
    accepted.increment();
    return true;
  }

  public PublisherMetrics metrics() {
    return new PublisherMetrics(
        accepted.sum(), sent.sum(), dropped.sum(), failed.sum(), queue.size());
  }

  /** The most recent Kafka error, or null if none occurred. */
  public Exception lastError() {
    return lastError.get();
  }

  /**
   * Blocks until every event accepted before the call is acknowledged or failed. For tests and
   * orderly shutdown; the request path should never call it.
   */
  public void flush(Duration timeout) throws TimeoutException, InterruptedException {
    long target = accepted.sum();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (handed.sum() < target) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("publisher queue not drained within " + timeout);
      }
      Thread.sleep(1);
    }
    producer.flush();
  }

  private void sendLoop() {
    List<RequestTiming> batch = new ArrayList<>(DRAIN_BATCH);
    while (true) {
      queue.drainTo(batch, DRAIN_BATCH);
      if (batch.isEmpty()) {
        if (stopSender || (closed && queue.isEmpty())) {
          return;
        }
        // callers never signal this thread: record() stays a lock-and-store, no wake-up syscall
        LockSupport.parkNanos(IDLE_PARK_NANOS);
        continue;
      }
      for (RequestTiming t : batch) {
        send(t);
      }
      batch.clear();
    }
  }

  private void send(RequestTiming t) {
    try {
      producer.send(new ProducerRecord<>(topic, t.getRequestId(), t), callback);
    } catch (RuntimeException e) {
      // serialization error, or the producer is closed: the event is lost, count it
      failed.increment();
      noteError(e);
    } finally {
      handed.increment();
    }
  }

  private void onCompletion(org.apache.kafka.clients.producer.RecordMetadata meta, Exception e) {
    if (e == null) {
      sent.increment();
    } else {
      failed.increment();
      noteError(e);
    }
  }

  private void noteError(Exception e) {
    if (lastError.getAndSet(e) == null) {
      LOG.warn(
          "publishing request timings to {} failed (counted, not retried further): {}",
          topic,
          e.toString());
    }
  }

  /**
   * Stops accepting events, sends what is queued, flushes the producer and closes it, all within
   * the close timeout. Events still queued after it are counted as dropped.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    try {
      sender.join(Math.max(1, closeTimeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopSender = true;
    if (sender.isAlive()) {
      sender.interrupt();
    }
    List<RequestTiming> abandoned = new ArrayList<>();
    queue.drainTo(abandoned);
    if (!abandoned.isEmpty()) {
      dropped.add(abandoned.size());
      LOG.warn("publisher closed with {} events still queued; they are dropped", abandoned.size());
    }
    long remaining = Math.max(0, deadline - System.nanoTime());
    producer.close(Duration.ofNanos(Math.max(remaining, TimeUnit.MILLISECONDS.toNanos(100))));
  }
}
