package dev.r1lat.sink;

import dev.r1lat.schema.InvalidRecordException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the sink, read by the CLI's progress lines and by tests. Thread-safe. */
public final class SinkMetrics {
  /** Reason class of a record that cannot be read as a row at all (bytes, schema, sketch). */
  public static final String UNDECODABLE = InvalidRecordException.UNDECODABLE;

  private final Map<String, AtomicLong> rowsByTable = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> deadLetteredByReason = new ConcurrentHashMap<>();
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

  /**
   * One record dead-lettered, by reason class: {@link #UNDECODABLE}, or the kind of the event rule
   * it broke ({@code invalid_field}, {@code future_event_time}), the labels the streams app counts
   * its rejections under.
   */
  void countDeadLetter(String reasonClass) {
    deadLetteredByReason.computeIfAbsent(reasonClass, r -> new AtomicLong()).incrementAndGet();
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

  /** Every record sent to the dead-letter topic, undecodable and rejected alike. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /** Dead-lettered records of one reason class (see {@link #countDeadLetter}). */
  public long deadLettered(String reasonClass) {
    AtomicLong n = deadLetteredByReason.get(reasonClass);
    return n == null ? 0 : n.get();
  }

  /** Records the event rules rejected (they decoded): not stored, like the streams app. */
  public long rejected() {
    long n = 0;
    for (var e : deadLetteredByReason.entrySet()) {
      n += UNDECODABLE.equals(e.getKey()) ? 0 : e.getValue().get();
    }
    return n;
  }

  public Map<String, Long> deadLetteredByReason() {
    Map<String, Long> out = new TreeMap<>();
    deadLetteredByReason.forEach((k, v) -> out.put(k, v.get()));
    return out;
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
        + (deadLettered.get() == 0 ? "" : " " + deadLetteredByReason())
        + ", write failures (retried) "
        + writeFailures.get();
  }
}
