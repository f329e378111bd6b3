package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Forwards anomaly events from Kafka to a webhook, at least once and in order per partition: an
 * event's offset is committed only after the receiver accepted it. While the receiver is down the
 * same event is retried with exponential back-off for as long as it takes (the consumer keeps its
 * group membership by polling paused), so nothing is lost; stopping mid-retry leaves the event
 * uncommitted for the next run. Events that can never be delivered (undecodable bytes, a 4xx
 * refusal) are reported with their coordinates and skipped, so one bad event cannot block the rest.
 */
public final class AlertForwarder {
  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final WebhookSender sender;
  private final Options options;
  private final Consumer<String> log;
  private final AvroCodec<LatencyAnomaly> codec = AvroCodec.of(LatencyAnomaly.class);
  private long delivered;
  private long skipped;
  private long retries;

  public record Options(
      String receiver, Duration initialBackoff, Duration maxBackoff, AnomalyFilter filter) {}

  public record Stats(long delivered, long skipped, long retries) {}

  /** The consumer must already be subscribed (or assigned) and have auto-commit off. */
  public AlertForwarder(
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      WebhookSender sender,
      Options options,
      Consumer<String> log) {
    this.consumer = consumer;
    this.sender = sender;
    this.options = options;
    this.log = log;
  }

  /** Runs until {@code stop} is set (or the consumer is woken up); returns what it did. */
  public Stats run(AtomicBoolean stop) {
    try {
      while (!stop.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition tp : records.partitions()) {
          for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
            if (!forward(r, stop)) {
              return stats(); // stopped mid-retry: uncommitted, so delivered by the next run
            }
            commit(tp, r.offset() + 1);
          }
        }
      }
    } catch (WakeupException e) {
      // asked to stop
    }
    return stats();
  }

  public Stats stats() {
    return new Stats(delivered, skipped, retries);
  }

  /** True once the record is done with (delivered or skipped for good); false if stopped. */
  private boolean forward(ConsumerRecord<String, byte[]> r, AtomicBoolean stop) {
    LatencyAnomaly anomaly;
    try {
      anomaly = codec.decode(r.value());
    } catch (RuntimeException e) {
      skipped++;
      log.accept("skipped undecodable event at " + where(r) + ": " + e.getMessage());
      return true;
    }
    if (!options.filter().test(anomaly)) {
      return true;
    }
    String body = AlertmanagerPayload.json(anomaly, options.receiver());
    Duration backoff = options.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        sender.post(body);
        delivered++;
        if (attempt > 1) {
          log.accept("delivered " + anomaly.getAnomalyId() + " after " + attempt + " attempts");
        }
        return true;
      } catch (WebhookSender.DeliveryException e) {
        if (e.permanent()) {
          skipped++;
          log.accept("receiver refused event at " + where(r) + " for good: " + e.getMessage());
          return true;
        }
        retries++;
        if (attempt == 1 || Integer.bitCount(attempt) == 1) {
          log.accept("attempt " + attempt + " failed (" + e.getMessage() + "), retrying");
        }
      }
      if (!pause(backoff, stop)) {
        return false;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(options.maxBackoff()) > 0
              ? options.maxBackoff()
              : backoff.multipliedBy(2);
    }
  }

  /** Waits, polling paused so the group keeps the partitions; false if asked to stop. */
  private boolean pause(Duration wait, AtomicBoolean stop) {
    long until = System.nanoTime() + wait.toNanos();
    var assigned = consumer.assignment();
    consumer.pause(assigned);
    try {
      while (System.nanoTime() < until) {
        if (stop.get()) {
          return false;
        }
        consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, wait.toMillis()))));
      }
      return !stop.get();
    } catch (WakeupException e) {
      return false;
    } finally {
      consumer.resume(consumer.assignment());
    }
  }

  private void commit(TopicPartition tp, long nextOffset) {
    try {
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(nextOffset)));
    } catch (CommitFailedException e) {
      // the group moved the partition elsewhere: its new owner re-sends from the last commit
      log.accept("commit of " + tp + "@" + nextOffset + " failed (" + e.getMessage() + ")");
    }
  }

  private static String where(ConsumerRecord<?, ?> r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }
}
