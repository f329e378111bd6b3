package dev.r1lat.sink;

import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter.WriteException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sink does when ClickHouse refuses a batch for its rows (a row error, see {@link
 * ClickHouseErrors}): bisect. Each half is inserted as a {@link Batch#part part} with its own dedup
 * token; a refused half is bisected again, down to single rows, and a refused single row becomes a
 * dead letter carrying ClickHouse's message. The rest of the batch lands and the flow goes on.
 *
 * <p>Why this stays exactly-once (DESIGN.md): the cut is a pure function of the rows (halves by row
 * index) and of ClickHouse's verdicts, which for row errors depend on the rows alone. A replay of
 * the range after a crash therefore fails the whole batch the same way, cuts the same parts under
 * the same tokens, and ClickHouse drops the parts that had landed. A transient failure of a part is
 * retried as that part, never re-cut.
 */
final class RejectionSplitter {
  private static final Logger LOG = LoggerFactory.getLogger(RejectionSplitter.class);

  /** Reason class of a row ClickHouse refused (the dead-letter counter's label). */
  static final String CLICKHOUSE_REFUSED = "clickhouse_refused";

  /** Inserts one batch or part, retrying transient failures; throws only for a row error. */
  interface Attempt {
    void write(Batch<?> batch) throws WriteException;
  }

  private final Attempt attempt;
  private final SinkMetrics metrics;

  RejectionSplitter(Attempt attempt, SinkMetrics metrics) {
    this.attempt = attempt;
    this.metrics = metrics;
  }

  /**
   * Inserts {@code batch}; rows ClickHouse refuses are added to {@code refused}.
   *
   * @param records the Kafka record of each row, row for row
   */
  <R> void insert(
      Batch<R> batch,
      List<ConsumerRecord<byte[], byte[]>> records,
      List<DeadLetterSender.Letter> refused) {
    try {
      attempt.write(batch);
    } catch (WriteException e) {
      metrics.rowError();
      int n = batch.rows().size();
      if (n == 1) {
        LOG.warn(
            "ClickHouse refused the row at offset {}: {}", records.get(0).offset(), e.reason());
        refused.add(new DeadLetterSender.Letter(records.get(0), e.reason(), CLICKHOUSE_REFUSED));
        return;
      }
      if (batch.part().isEmpty()) {
        LOG.warn(
            "ClickHouse refused {} rows ({}); bisecting: {}", n, batch.dedupToken(), e.reason());
      } else {
        LOG.debug("ClickHouse refused part {}; bisecting", batch.dedupToken());
      }
      int mid = n / 2;
      insert(part(batch, records, 0, mid), records.subList(0, mid), refused);
      insert(part(batch, records, mid, n), records.subList(mid, n), refused);
    }
  }

  private static <R> Batch<R> part(
      Batch<R> batch, List<ConsumerRecord<byte[], byte[]>> records, int from, int to) {
    return batch.part(from, to, records.get(from).offset(), records.get(to - 1).offset());
  }
}
