package dev.r1lat.sink;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the sink, read by the CLI's progress lines and by tests. Thread-safe. */
public final class SinkMetrics {
  private final Map<String, AtomicLong> rowsByTable = new ConcurrentHashMap<>();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong firstRecordNanos = new AtomicLong();
  private final AtomicLong pollNanos = new AtomicLong();
  private final AtomicLong decodeNanos = new AtomicLong();
  private final AtomicLong writeNanos = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();

  /** Where the loop's time goes, for the bench: poll, decode, write, commit. */
  void addPoll(long nanos) {
    pollNanos.addAndGet(nanos);
  }

  void addDecode(long nanos) {
    decodeNanos.addAndGet(nanos);
  }

  void addWrite(long nanos) {
    writeNanos.addAndGet(nanos);
  }

  void addCommit(long nanos) {
    commitNanos.addAndGet(nanos);
  }

  public String timeBreakdown() {
    return String.format(
        "poll %.2f s, decode %.2f s, insert %.2f s, commit %.2f s",
        pollNanos.get() / 1e9,
        decodeNanos.get() / 1e9,
        writeNanos.get() / 1e9,
        commitNanos.get() / 1e9);
  }

  void rowsWritten(String table, long n) {
    rowsByTable.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(n);
    batches.incrementAndGet();
  }

  void recordConsumed() {
    if (firstRecordNanos.get() == 0) {
      firstRecordNanos.compareAndSet(0, System.nanoTime());
    }
  }

  /** System.nanoTime() when the first record was consumed, 0 before. */
  public long firstRecordNanos() {
    return firstRecordNanos.get();
  }

  void countDeadLetter() {
    deadLettered.incrementAndGet();
  }

  void writeFailed() {
    writeFailures.incrementAndGet();
  }

  void committed() {
    commits.incrementAndGet();
  }

  public long rows(String table) {
    AtomicLong n = rowsByTable.get(table);
    return n == null ? 0 : n.get();
  }

  public long totalRows() {
    return rowsByTable.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long batches() {
    return batches.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public long writeFailures() {
    return writeFailures.get();
  }

  public String summary() {
    Map<String, Long> rows = new TreeMap<>();
    rowsByTable.forEach((k, v) -> rows.put(k, v.get()));
    return "rows "
        + rows
        + ", batches "
        + batches.get()
        + ", dead-lettered "
        + deadLettered.get()
        + ", write failures (retried) "
        + writeFailures.get();
  }
}
