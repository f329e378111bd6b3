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

  void rowsWritten(String table, long n) {
    rowsByTable.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(n);
    batches.incrementAndGet();
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
