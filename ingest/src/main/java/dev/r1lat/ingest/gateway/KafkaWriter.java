package dev.r1lat.ingest.gateway;

import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes the valid events of one request, keyed by request id, and counts what Kafka acknowledged
 * by the request's deadline. An event counts as accepted only once its acknowledgement arrived:
 * anything sent but unacknowledged at the deadline is reported failed (the client retries; the
 * request-id dedup downstream collapses the copy if the first one landed after all).
 */
public final class KafkaWriter {
  /** What became of one request's events. */
  public record Written(int acked, int failed, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private final Producer<String, RequestTiming> producer;
  private final String topic;

  public KafkaWriter(Producer<String, RequestTiming> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /**
   * The gateway's producer properties: {@code props} with the three producer timeouts derived from
   * {@code gateway.kafka-timeout}, so no single call outlives a request (unset, {@code
   * max.block.ms} is 60 s and a metadata wait alone outlasted the request). They replace kafka.*
   * values for the same keys: the gateway's promise to answer in time depends on them.
   */
  public static Map<String, Object> producerProps(
      Map<String, Object> props, Duration kafkaTimeout) {
    Map<String, Object> out = new HashMap<>(props);
    long timeout = Math.max(1, kafkaTimeout.toMillis());
    long linger = lingerMs(out.get(ProducerConfig.LINGER_MS_CONFIG));
    long delivery = Math.max(timeout, linger + 1); // Kafka requires delivery >= linger + request
    out.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    out.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
    out.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, Math.max(1, delivery - linger)));
    return out;
  }

  private static long lingerMs(Object value) {
    return value == null ? 0 : Long.parseLong(value.toString().trim());
  }

  /** Sends {@code events} and waits for their acknowledgements until {@code deadline}. */
  public Written write(List<RequestTiming> events, Deadline deadline) {
    if (events.isEmpty()) {
      return new Written(0, 0, null);
    }
    String error = null;
    List<Future<RecordMetadata>> futures = new ArrayList<>(events.size());
    for (RequestTiming t : events) {
      if (deadline.expired()) {
        error = "no acknowledgement in time";
        break; // the rest are never sent: the client is told to retry all of them
      }
      try {
        futures.add(producer.send(new ProducerRecord<>(topic, t.getRequestId(), t)));
      } catch (RuntimeException e) {
        error = e.toString();
        break;
      }
    }
    int acked = 0;
    for (Future<RecordMetadata> f : futures) {
      try {
        f.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        acked++;
      } catch (ExecutionException e) {
        error = String.valueOf(e.getCause());
      } catch (TimeoutException e) {
        error = "no acknowledgement in time";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
        break;
      }
    }
    return new Written(acked, events.size() - acked, error);
  }
}
