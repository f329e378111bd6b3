package dev.r1lat.anomaly.alert;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Forwards anomaly lifecycle events from Kafka to an alert receiver, at least once and in order per
 * partition. An event's offset is committed only after the receiver accepted it (2xx) or, when the
 * receiver refused it for good (a 4xx other than 408/429) or it cannot be decoded, after the alerts
 * dead-letter topic acknowledged it with the answer: nothing is skipped. While the receiver is down
 * or answers 5xx the same event is retried with exponential back-off for as long as it takes (the
 * consumer polls paused to keep its partitions); stopping mid-retry leaves it uncommitted for the
 * next run, which resumes at the committed offset after rebuilding the open anomalies from the
 * events before it ({@link ResumeFromCommitted}).
 *
 * <p>The forwarder tracks the open anomalies and their incidents ({@link IncidentTracker}) and, for
 * a receiver that forgets (Alertmanager), re-posts every open alert each {@code repostInterval},
 * and at once after the receiver came back from an outage. One forwarder per consumer group:
 * incidents span partitions.
 */
public final class AlertForwarder {
  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final WebhookSender sender;
  private final AlertFormat format;
  private final AlertDeadLetters deadLetters;
  private final Options options;
  private final Consumer<String> log;
  private final Clock clock;
  private final AvroCodec<LatencyAnomaly> codec = AvroCodec.of(LatencyAnomaly.class);
  private final IncidentTracker incidents = new IncidentTracker();
  private final ResumeFromCommitted resume;
  private Instant nextRepost = Instant.MIN;
  private long delivered;
  private long deadLettered;
  private long retries;
  private long reposts;

  /** {@code repostInterval} zero: never re-post (plain webhook receivers). */
  public record Options(
      String topic,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration repostInterval,
      AnomalyFilter filter) {}

  public record Stats(long delivered, long deadLettered, long retries, long reposts) {}

  /** The consumer must not be subscribed yet and must have auto-commit off. */
  public AlertForwarder(
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      WebhookSender sender,
      AlertFormat format,
      AlertDeadLetters deadLetters,
      Options options,
      Consumer<String> log,
      Clock clock) {
    this.consumer = consumer;
    this.sender = sender;
    this.format = format;
    this.deadLetters = deadLetters;
    this.options = options;
    this.log = log;
    this.clock = clock;
    this.resume = new ResumeFromCommitted(consumer);
  }

  /** Subscribes, then runs until {@code stop} is set (or the consumer is woken up). */
  public Stats run(AtomicBoolean stop) {
    consumer.subscribe(List.of(options.topic()), resume);
    try {
      while (!stop.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (TimeOrder.Item item : TimeOrder.merge(records, this::decode)) {
          ConsumerRecord<String, byte[]> r = item.record();
          if (resume.isReplay(r)) {
            item.anomaly().filter(options.filter()).ifPresent(incidents::apply);
            continue;
          }
          if (!forward(r, item.anomaly(), stop)) {
            return stats(); // stopped mid-retry: uncommitted, so delivered by the next run
          }
          commit(item.partition(), r.offset() + 1);
        }
        resume.update();
        repostIfDue();
      }
    } catch (WakeupException e) {
      // asked to stop
    }
    return stats();
  }

  public Stats stats() {
    return new Stats(delivered, deadLettered, retries, reposts);
  }

  /** The open anomalies as the forwarder knows them (for tests and status). */
  public int openAlerts() {
    return incidents.openCount();
  }

  /** True once the record is done with (delivered or dead-lettered); false if stopped. */
  private boolean forward(
      ConsumerRecord<String, byte[]> r, Optional<LatencyAnomaly> decoded, AtomicBoolean stop) {
    if (decoded.isEmpty()) {
      return deadLetter(
          r, new AlertDeadLetters.Refusal("undecodable", sender.target(), 0, ""), stop);
    }
    LatencyAnomaly anomaly = decoded.get();
    if (!options.filter().test(anomaly)) {
      return true;
    }
    IncidentTracker.Applied applied = incidents.apply(anomaly);
    applied
        .renamed()
        .forEach(
            x ->
                log.accept(
                    "incident "
                        + x.previousIncident()
                        + " joined "
                        + x.now().incident()
                        + ": re-labelling open "
                        + x.now().latest().getAnomalyId()));
    Duration backoff = options.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        sender.post(format.event(applied, clock.instant()));
        delivered++;
        if (attempt > 1) {
          log.accept("delivered " + anomaly.getAnomalyId() + " after " + attempt + " attempts");
          nextRepost = Instant.MIN; // the receiver was away: it may have forgotten open alerts
        }
        return true;
      } catch (WebhookSender.DeliveryException e) {
        if (e.permanent()) {
          log.accept("receiver refused " + where(r) + " (" + e.getMessage() + "): dead-lettered");
          incidents.forget(anomaly.getAnomalyId()); // or every re-post would be refused with it
          return deadLetter(
              r,
              new AlertDeadLetters.Refusal(
                  "refused by the receiver", sender.target(), e.status(), e.responseBody()),
              stop);
        }
        retries++;
        if (attempt == 1 || Integer.bitCount(attempt) == 1) {
          log.accept("attempt " + attempt + " failed (" + e.getMessage() + "), retrying");
        }
      }
      if (!pause(backoff, stop)) {
        return false;
      }
      backoff = next(backoff);
    }
  }

  /** Sends to the dead-letter topic until it is acknowledged; false if stopped first. */
  private boolean deadLetter(
      ConsumerRecord<String, byte[]> r, AlertDeadLetters.Refusal refusal, AtomicBoolean stop) {
    Duration backoff = options.initialBackoff();
    while (true) {
      try {
        deadLetters.send(r, refusal);
        deadLettered++;
        log.accept("dead-lettered " + where(r) + ": " + refusal.reason() + " " + refusal.status());
        return true;
      } catch (Exception e) {
        log.accept("dead-letter send of " + where(r) + " failed (" + e + "), retrying");
      }
      if (!pause(backoff, stop)) {
        return false;
      }
      backoff = next(backoff);
    }
  }

  private void repostIfDue() {
    Instant now = clock.instant();
    if (options.repostInterval().isZero()
        || !resume.done()
        || now.isBefore(nextRepost)
        || incidents.openCount() == 0) {
      return;
    }
    nextRepost = now.plus(options.repostInterval());
    Optional<String> body = format.repost(incidents.open(), now);
    if (body.isEmpty()) {
      return;
    }
    try {
      sender.post(body.get());
      reposts++;
    } catch (WebhookSender.DeliveryException e) {
      nextRepost = now.plus(min(options.initialBackoff(), options.repostInterval()));
      log.accept("re-post of " + incidents.openCount() + " open alerts failed: " + e.getMessage());
    }
  }

  private Optional<LatencyAnomaly> decode(ConsumerRecord<String, byte[]> r) {
    try {
      return Optional.of(codec.decode(r.value()));
    } catch (RuntimeException e) {
      log.accept("undecodable event at " + where(r) + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Waits, polling paused so the group keeps the partitions; false if asked to stop. */
  private boolean pause(Duration wait, AtomicBoolean stop) {
    long until = System.nanoTime() + wait.toNanos();
    consumer.pause(consumer.assignment());
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

  private Duration next(Duration backoff) {
    return min(backoff.multipliedBy(2), options.maxBackoff());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
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
