package dev.r1lat.sink;

import dev.r1lat.schema.InvalidRecordException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the sink, read by the CLI's progress lines, by tests, and by Prometheus ({@link
 * #registry()}, served on {@code /metrics} by {@code PrometheusTextEndpoint}; names in the README).
 * The Prometheus meters read the same atomics, so both views always agree. Thread-safe.
 */
public final class SinkMetrics {
  /** Reason class of a record that cannot be read as a row at all (bytes, schema, sketch). */
  public static final String UNDECODABLE = InvalidRecordException.UNDECODABLE;

  private final MeterRegistry registry;
  // fixed counters, declared below and registered by the constructor (name -> help, value)
  private final Map<String, String> help = new LinkedHashMap<>();
  private final Map<String, AtomicLong> fixed = new LinkedHashMap<>();
  private final Map<String, AtomicLong> rowsByTable = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> deadLetteredByReason = new ConcurrentHashMap<>();
  private final AtomicLong batches = counter("r1lat_sink_batches_total", "inserts that landed");
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong writeFailures =
      counter("r1lat_sink_insert_retries_total", "failed inserts retried (transient)");
  private final AtomicLong timeouts =
      counter("r1lat_sink_insert_timeouts_total", "of the retried inserts, those that timed out");
  private final AtomicLong rowErrors =
      counter(
          "r1lat_sink_rejections_total",
          "batches or parts ClickHouse refused for their rows (then bisected)");
  private final AtomicLong deadLetterSendFailures =
      counter("r1lat_sink_dead_letter_resends_total", "dead letters not acknowledged, resent");
  private final AtomicLong commits = counter("r1lat_sink_commits_total", "offset commits (rounds)");
  private final AtomicLong lastCommitMillis = new AtomicLong();
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong firstRecordNanos = new AtomicLong();
  private final AtomicLong pollNanos = new AtomicLong();
  private final AtomicLong decodeNanos = new AtomicLong();
  private final AtomicLong writeNanos = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();

  public SinkMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public SinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    registerAll();
  }

  private AtomicLong counter(String name, String description) {
    AtomicLong a = new AtomicLong();
    help.put(name, description);
    fixed.put(name, a);
    return a;
  }

  private void registerAll() {
    fixed.forEach(
        (name, a) ->
            FunctionCounter.builder(name, a, AtomicLong::doubleValue)
                .description(help.get(name))
                .register(registry));
    Gauge.builder("r1lat_sink_consumer_lag", lag, AtomicLong::doubleValue)
        .description("records in the assigned partitions not yet consumed (sum)")
        .register(registry);
    Gauge.builder(
            "r1lat_sink_last_commit_timestamp_seconds", lastCommitMillis, a -> a.get() / 1000.0)
        .description("when offsets were last committed after a landed round (0: never)")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

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
    rowsByTable
        .computeIfAbsent(
            table,
            t -> {
              AtomicLong a = new AtomicLong();
              FunctionCounter.builder("r1lat_sink_rows_total", a, AtomicLong::doubleValue)
                  .description("rows inserted (a replayed batch ClickHouse dropped counts again)")
                  .tag("table", t)
                  .register(registry);
              return a;
            })
        .addAndGet(n);
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
   * One record dead-lettered, by reason class: {@link #UNDECODABLE}, the kind of the event rule it
   * broke ({@code invalid_field}, {@code future_event_time}, {@code too_old}: the labels the
   * streams app counts its rejections under), or {@code clickhouse_refused}.
   */
  void countDeadLetter(String reasonClass) {
    deadLetteredByReason
        .computeIfAbsent(
            reasonClass,
            r -> {
              AtomicLong a = new AtomicLong();
              FunctionCounter.builder("r1lat_sink_dead_letters_total", a, AtomicLong::doubleValue)
                  .description("records sent to the sink's dead-letter topic, by reason class")
                  .tag("reason", r)
                  .register(registry);
              return a;
            })
        .incrementAndGet();
    deadLettered.incrementAndGet();
  }

  void writeFailed(boolean timedOut) {
    writeFailures.incrementAndGet();
    if (timedOut) {
      timeouts.incrementAndGet();
    }
  }

  void rowError() {
    rowErrors.incrementAndGet();
  }

  void deadLetterSendFailed(int n) {
    deadLetterSendFailures.addAndGet(n);
  }

  void committed() {
    commits.incrementAndGet();
    lastCommitMillis.set(System.currentTimeMillis());
  }

  void lag(long records) {
    lag.set(records);
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

  /** Every record sent to the dead-letter topic, undecodable, rejected and refused alike. */
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
      boolean ruled =
          !UNDECODABLE.equals(e.getKey())
              && !RejectionSplitter.CLICKHOUSE_REFUSED.equals(e.getKey());
      n += ruled ? e.getValue().get() : 0;
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

  /** Inserts (whole batches or bisected parts) ClickHouse refused for their rows. */
  public long rowErrors() {
    return rowErrors.get();
  }

  public long deadLetterResends() {
    return deadLetterSendFailures.get();
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
        + writeFailures.get()
        + (rowErrors.get() == 0 ? "" : ", refused by ClickHouse (bisected) " + rowErrors.get());
  }
}
