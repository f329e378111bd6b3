package dev.r1lat.sink.write;

/**
 * Writes one batch, idempotently: writing a batch with the same {@link Batch#dedupToken()} again
 * leaves the table as if it had been written once. Implementations: {@link ClickHouseBatchWriter}
 * and {@link InMemoryBatchWriter}; both pass the same contract test.
 */
public interface BatchWriter extends AutoCloseable {

  /**
   * @throws WriteException when the batch may not have been written; the caller retries the same
   *     batch (same token), which is safe whether or not the failed attempt landed
   */
  <R> void write(Batch<R> batch) throws WriteException;

  @Override
  default void close() {}

  /** A failed write; the batch may or may not have landed. */
  final class WriteException extends Exception {
    private static final long serialVersionUID = 1L;

    public WriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
