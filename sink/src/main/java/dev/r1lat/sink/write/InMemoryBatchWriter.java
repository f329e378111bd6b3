package dev.r1lat.sink.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writer for unit tests: rows per table in memory, deduplicated by token like ClickHouse.
 * {@link #failNext(int)} makes writes fail, to exercise retries. Thread-safe.
 */
public final class InMemoryBatchWriter implements BatchWriter {
  private final Map<String, List<Object>> rows = new HashMap<>();
  private final Set<String> tokens = new HashSet<>();
  private int failuresLeft;
  private int attempts;

  @Override
  public synchronized <R> void write(Batch<R> batch) throws WriteException {
    attempts++;
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new WriteException("simulated outage", new java.io.IOException("connection refused"));
    }
    if (tokens.add(batch.dedupToken())) {
      rows.computeIfAbsent(batch.table().name(), t -> new ArrayList<>()).addAll(batch.rows());
    }
  }

  public synchronized void failNext(int n) {
    failuresLeft = n;
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
