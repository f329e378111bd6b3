package dev.r1lat.sink.write;

/**
 * Writes one batch, idempotently: writing a batch with the same {@link Batch#dedupToken()} again
 * leaves the table as if it had been written once. Implementations: {@link ClickHouseBatchWriter}
 * and {@link InMemoryBatchWriter}; both pass the same contract test.
 */
public interface BatchWriter extends AutoCloseable {

  /**
   * @throws WriteException when the batch may not have been written; the caller retries the same
   *     batch (same token), which is safe whether or not the failed attempt landed; or, when {@link
   *     WriteException#rowError()}, ClickHouse refused the rows themselves and would refuse them
   *     again: the caller splits the batch instead of retrying it as is
   */
  <R> void write(Batch<R> batch) throws WriteException;

  @Override
  default void close() {}

  /** A failed write; the batch may or may not have landed (a row error: it did not). */
  final class WriteException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean rowError;
    private final String reason;

    /** A transient failure (network, timeout, overload): retry the same batch. */
    public WriteException(String message, Throwable cause) {
      this(message, cause, false, message);
    }

    /**
     * @param rowError ClickHouse refused the rows for what they are (same verdict on every retry)
     * @param reason ClickHouse's own message, the dead-letter reason of a refused row
     */
    public WriteException(String message, Throwable cause, boolean rowError, String reason) {
      super(message, cause);
      this.rowError = rowError;
      this.reason = reason;
    }

    public boolean rowError() {
      return rowError;
    }

    public String reason() {
      return reason;
    }
  }
}
