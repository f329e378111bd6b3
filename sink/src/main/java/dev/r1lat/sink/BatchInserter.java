package dev.r1lat.sink;

import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.RejectedRecordException;
import dev.r1lat.sink.write.SinkTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a writer thread does with a cut range: decode it (poison and rule-rejected events become
 * dead letters, sent at once), insert the rows (transient failures retried with back-off as the
 * same batch; rows ClickHouse refuses bisected out by the {@link RejectionSplitter} and
 * dead-lettered), then wait until every dead letter of the range is acknowledged. Only then may the
 * range's offsets be committed. Safe to call from several threads at once (one range each).
 */
final class BatchInserter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchInserter.class);

  private final BatchWriter writer;
  private final DeadLetterSender deadLetters;
  private final SinkMetrics metrics;
  private final Backoff backoff;
  private final BooleanSupplier running;
  private final Predicate<TopicPartition> owned;

  /**
   * @param running false once the sink stops: a retry loop gives up with {@link Stopped}
   * @param owned false once a partition was revoked: its range is given up with {@link Abandoned}
   */
  BatchInserter(
      BatchWriter writer,
      DeadLetters deadLetters,
      SinkMetrics metrics,
      Backoff backoff,
      BooleanSupplier running,
      Predicate<TopicPartition> owned) {
    this.writer = writer;
    this.deadLetters = new DeadLetterSender(deadLetters, metrics, backoff);
    this.metrics = metrics;
    this.backoff = backoff;
    this.running = running;
    this.owned = owned;
  }

  /** Thrown out of a retry loop when the sink is stopped while ClickHouse is unreachable. */
  static class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      this("stopped while a batch was pending; its intent stays committed for the next run");
    }

    Stopped(String message) {
      super(message);
    }
  }

  /** Thrown out of a retry loop when the range's partition was revoked: the next owner replays. */
  static final class Abandoned extends Stopped {
    private static final long serialVersionUID = 1L;

    Abandoned(TopicPartition tp) {
      super(tp + " was revoked while its batch was pending; the next owner replays its intent");
    }
  }

  /** A decoded range: its rows, the record of each row, and its dead letters. */
  private record Decoded<R>(
      Batch<R> batch,
      List<ConsumerRecord<byte[], byte[]>> records,
      List<DeadLetterSender.Letter> letters) {}

  void insert(PartitionBuffer.Cut<?> cut) {
    TopicPartition tp = new TopicPartition(cut.topic(), cut.partition());
    DeadLetterSender.Pause pause = delay -> sleepUnlessGivenUp(delay, tp);
    Decoded<?> d = decode(cut);
    DeadLetterSender.InFlight inFlight = new DeadLetterSender.InFlight();
    deadLetters.send(d.letters(), inFlight); // acknowledged while the rows are inserted
    List<DeadLetterSender.Letter> refused = new ArrayList<>();
    new RejectionSplitter(b -> writeWithRetry(b, pause), metrics)
        .insert(d.batch(), d.records(), refused);
    deadLetters.send(refused, inFlight);
    deadLetters.awaitAcknowledged(inFlight, pause);
  }

  /**
   * The range's rows; poison records and events the rules reject become dead letters. They keep
   * their offsets in the range: the batch (and its dedup token) still covers all of [first, last],
   * and since a row depends only on the record's bytes and Kafka timestamp, a replay of the range
   * yields exactly these rows again. Whatever a decoder throws (even an Error, e.g. from a length
   * prefix of 2e9) is the record's fault, never the loop's: a dead letter, not a crash loop.
   */
  private <R> Decoded<R> decode(PartitionBuffer.Cut<R> cut) {
    long t0 = System.nanoTime();
    List<R> rows = new ArrayList<>(cut.records().size());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(cut.records().size());
    List<DeadLetterSender.Letter> letters = new ArrayList<>();
    SinkTable.Decoder<R> decoder = cut.table().rangeDecoder(cut.records().size());
    for (ConsumerRecord<byte[], byte[]> r : cut.records()) {
      try {
        rows.add(decoder.decode(r.value(), r.timestamp()));
        records.add(r);
      } catch (RejectedRecordException e) {
        letters.add(letter(r, e.getMessage(), e.reasonClass()));
      } catch (InvalidRecordException | IllegalArgumentException e) {
        letters.add(letter(r, e.getMessage(), SinkMetrics.UNDECODABLE));
      } catch (Throwable e) { // NOPMD: any decoder failure is the record's, see above
        letters.add(letter(r, "undecodable (" + e + ")", SinkMetrics.UNDECODABLE));
      }
    }
    metrics.addDecode(System.nanoTime() - t0);
    Batch<R> batch =
        new Batch<>(
            cut.table(), cut.topic(), cut.partition(), cut.firstOffset(), cut.lastOffset(), rows);
    return new Decoded<>(batch, records, letters);
  }

  private static DeadLetterSender.Letter letter(
      ConsumerRecord<byte[], byte[]> r, String reason, String reasonClass) {
    return new DeadLetterSender.Letter(r, reason == null ? reasonClass : reason, reasonClass);
  }

  /** Retries transient failures of {@code batch} for ever; a row error is the splitter's. */
  private void writeWithRetry(Batch<?> batch, DeadLetterSender.Pause pause)
      throws BatchWriter.WriteException {
    for (int attempt = 1; ; attempt++) {
      long t0 = System.nanoTime();
      try {
        writer.write(batch);
        metrics.addWrite(System.nanoTime() - t0);
        metrics.rowsWritten(batch.table().name(), batch.rows().size());
        return;
      } catch (BatchWriter.WriteException e) {
        if (e.rowError()) {
          throw e;
        }
        metrics.writeFailed(ClickHouseErrors.isTimeout(e));
        Duration delay = backoff.delay(attempt);
        LOG.warn(
            "attempt {} failed, retrying in {} ms: {}", attempt, delay.toMillis(), e.getMessage());
        pause.sleep(delay);
      }
    }
  }

  private void sleepUnlessGivenUp(Duration delay, TopicPartition tp) {
    long until = System.nanoTime() + delay.toNanos();
    try {
      do {
        checkGoing(tp);
        long left = (until - System.nanoTime()) / 1_000_000;
        if (left > 0) {
          Thread.sleep(Math.min(50, left));
        }
      } while (System.nanoTime() < until);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  private void checkGoing(TopicPartition tp) {
    if (!running.getAsBoolean()) {
      throw new Stopped();
    }
    if (!owned.test(tp)) {
      throw new Abandoned(tp);
    }
  }
}
