package dev.r1lat.sink.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The writer for unit tests: rows per table in memory, deduplicated by token like ClickHouse.
 * {@link #failNext(int)} makes writes fail transiently, to exercise retries; {@link #refuseRows}
 * and {@link #refuseMoreDistinctThan} make it refuse batches for their rows, as ClickHouse refuses
 * a value it cannot take or a block spanning too many partitions (a row error: the same rows are
 * refused on every attempt). Thread-safe.
 */
public final class InMemoryBatchWriter implements BatchWriter {
  private final Map<String, List<Object>> rows = new HashMap<>();
  private final Set<String> tokens = new HashSet<>();
  private final List<Predicate<List<String>>> refusals = new ArrayList<>();
  private final List<String> refusalReasons = new ArrayList<>();
  private int failuresLeft;
  private int attempts;

  @Override
  public synchronized <R> void write(Batch<R> batch) throws WriteException {
    attempts++;
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new WriteException("simulated outage", new java.io.IOException("connection refused"));
    }
    if (batch.rows().isEmpty()) {
      return;
    }
    List<String> keys = batch.rows().stream().map(batch.table().naturalKey()).toList();
    for (int i = 0; i < refusals.size(); i++) {
      if (refusals.get(i).test(keys)) {
        String reason = refusalReasons.get(i);
        throw new WriteException("refused: " + reason, null, true, reason);
      }
    }
    if (tokens.add(batch.dedupToken())) {
      rows.computeIfAbsent(batch.table().name(), t -> new ArrayList<>()).addAll(batch.rows());
    }
  }

  public synchronized void failNext(int n) {
    failuresLeft = n;
  }

  /** Refuses every batch holding a row whose natural key {@code matches}, with {@code reason}. */
  public synchronized void refuseRows(Predicate<String> matches, String reason) {
    refusals.add(keys -> keys.stream().anyMatch(matches));
    refusalReasons.add(reason);
  }

  /**
   * Refuses every batch whose rows map to more than {@code n} distinct values of {@code partition}
   * (by natural key): ClickHouse's {@code max_partitions_per_insert_block}.
   */
  public synchronized void refuseMoreDistinctThan(
      int n, Function<String, Object> partition, String reason) {
    refusals.add(keys -> keys.stream().map(partition).distinct().count() > n);
    refusalReasons.add(reason);
  }

  public synchronized int attempts() {
    return attempts;
  }

  /** Natural keys of every row in {@code table}, duplicates included. */
  public synchronized <R> List<String> keys(SinkTable<R> table) {
    List<String> out = new ArrayList<>();
    for (Object row : rows.getOrDefault(table.name(), List.of())) {
      @SuppressWarnings("unchecked")
      R r = (R) row;
      out.add(table.naturalKey().apply(r));
    }
    return out;
  }
}
