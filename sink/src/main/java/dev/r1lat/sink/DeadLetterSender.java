package dev.r1lat.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the dead letters of one range and returns only once the broker acknowledged every one of
 * them: the range's offsets are committed after that, so a dead letter can never be lost behind a
 * committed offset. A failed send is resent after a back-off, for ever (like a failed insert): the
 * offsets do not move until it lands or the sink stops (then the range's intent is replayed).
 */
final class DeadLetterSender {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSender.class);

  /** One record bound for the dead-letter topic, its reason and the counter label. */
  record Letter(ConsumerRecord<byte[], byte[]> record, String reason, String reasonClass) {}

  /** Letters sent and not yet known to be acknowledged. */
  static final class InFlight {
    private final List<Letter> letters = new ArrayList<>();
    private final List<CompletableFuture<Void>> acks = new ArrayList<>();
  }

  /** Sleeps between attempts; throws when the range is given up (sink stopped, partition moved). */
  interface Pause {
    void sleep(Duration delay);
  }

  private final DeadLetters out;
  private final SinkMetrics metrics;
  private final Backoff backoff;

  DeadLetterSender(DeadLetters out, SinkMetrics metrics, Backoff backoff) {
    this.out = out;
    this.metrics = metrics;
    this.backoff = backoff;
  }

  /** Starts sending (counted once, by reason class, here): acknowledgements are awaited later. */
  void send(List<Letter> letters, InFlight inFlight) {
    for (Letter l : letters) {
      metrics.countDeadLetter(l.reasonClass());
      inFlight.letters.add(l);
      inFlight.acks.add(out.send(l.record(), l.reason()));
    }
  }

  /** Returns when every letter of {@code inFlight} is acknowledged; resends the failed ones. */
  void awaitAcknowledged(InFlight inFlight, Pause pause) {
    List<Letter> letters = inFlight.letters;
    List<CompletableFuture<Void>> acks = inFlight.acks;
    for (int attempt = 1; !letters.isEmpty(); attempt++) {
      List<Letter> failed = new ArrayList<>();
      Throwable cause = null;
      for (int i = 0; i < letters.size(); i++) {
        Throwable e = await(acks.get(i), pause);
        if (e != null) {
          failed.add(letters.get(i));
          cause = e;
        }
      }
      if (failed.isEmpty()) {
        return;
      }
      metrics.deadLetterSendFailed(failed.size());
      Duration delay = backoff.delay(attempt);
      LOG.warn(
          "{} dead letter(s) not acknowledged, resending in {} ms (offsets stay put): {}",
          failed.size(),
          delay.toMillis(),
          cause.toString());
      pause.sleep(delay);
      letters = failed;
      acks = new ArrayList<>();
      for (Letter l : failed) {
        acks.add(out.send(l.record(), l.reason()));
      }
    }
  }

  /** The failure of one acknowledgement, or null; checks for a stop every second meanwhile. */
  private static Throwable await(CompletableFuture<Void> ack, Pause pause) {
    while (true) {
      try {
        ack.get(1, TimeUnit.SECONDS);
        return null;
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (TimeoutException e) {
        pause.sleep(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BatchInserter.Stopped();
      }
    }
  }
}
