package dev.r1lat.sink;

import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.RejectedRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a writer thread does with a cut range: decode it (poison and rule-rejected events to the
 * dead-letter topic), then insert it, retrying the very same batch with back-off until it lands or
 * the sink stops. Safe to call from several threads at once (one range each).
 */
final class BatchInserter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchInserter.class);

  private final BatchWriter writer;
  private final DeadLetters deadLetters;
  private final SinkMetrics metrics;
  private final Backoff backoff;
  private final BooleanSupplier running;

  BatchInserter(
      BatchWriter writer,
      DeadLetters deadLetters,
      SinkMetrics metrics,
      Backoff backoff,
      BooleanSupplier running) {
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.backoff = backoff;
    this.running = running;
  }

  /** Thrown out of a retry loop when the sink is stopped while ClickHouse is unreachable. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped while a batch was pending; its intent stays committed for the next run");
    }
  }

  void insert(PartitionBuffer.Cut<?> cut) {
    writeWithRetry(decode(cut));
  }

  /**
   * The range's rows; poison records and events the rules reject go to the dead-letter topic and
   * are counted by reason. They keep their offsets in the range: the batch (and its dedup token)
   * still covers all of [first, last], and since a row depends only on the record's bytes and Kafka
   * timestamp, a replay of the range yields exactly these rows again.
   */
  private <R> Batch<R> decode(PartitionBuffer.Cut<R> cut) {
    long t0 = System.nanoTime();
    List<R> rows = new ArrayList<>(cut.records().size());
    for (ConsumerRecord<byte[], byte[]> r : cut.records()) {
      try {
        rows.add(cut.table().decode(r.value(), r.timestamp()));
      } catch (RejectedRecordException e) {
        deadLetter(r, e.getMessage(), e.reasonClass());
      } catch (InvalidRecordException | IllegalArgumentException e) {
        deadLetter(r, e.getMessage(), SinkMetrics.UNDECODABLE);
      }
    }
    metrics.addDecode(System.nanoTime() - t0);
    return new Batch<>(
        cut.table(), cut.topic(), cut.partition(), cut.firstOffset(), cut.lastOffset(), rows);
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, String reasonClass) {
    deadLetters.send(r, reason == null ? reasonClass : reason);
    metrics.countDeadLetter(reasonClass);
  }

  private void writeWithRetry(Batch<?> batch) {
    for (int attempt = 1; ; attempt++) {
      long t0 = System.nanoTime();
      try {
        writer.write(batch);
        metrics.addWrite(System.nanoTime() - t0);
        metrics.rowsWritten(batch.table().name(), batch.rows().size());
        return;
      } catch (BatchWriter.WriteException e) {
        metrics.writeFailed();
        Duration delay = backoff.delay(attempt);
        LOG.warn(
            "attempt {} failed, retrying in {} ms: {}", attempt, delay.toMillis(), e.getMessage());
        sleepUnlessStopped(delay);
      }
    }
  }

  private void sleepUnlessStopped(Duration delay) {
    long until = System.nanoTime() + delay.toNanos();
    try {
      while (System.nanoTime() < until) {
        if (!running.getAsBoolean()) {
          throw new Stopped();
        }
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }
}
