package dev.r1lat.sink.write;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseErrors;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Writes a batch as one INSERT of a Native block through client-v2, with {@code
 * insert_deduplication_token} set to the batch's token. {@code
 * deduplicate_blocks_in_dependent_materialized_views} makes a replayed batch skip the rollup views
 * too (checked in SinkIdempotencyIT), and {@code distributed_foreground_insert} keeps the token
 * when the table is Distributed (cluster).
 *
 * <p>Failures are classified ({@link ClickHouseErrors}): a row error (ClickHouse refuses the data)
 * is reported as such so the caller bisects, anything else is transient. An insert that takes
 * longer than the insert timeout is abandoned: a ClickHouse (or a network) that stops answering
 * must not hold a writer thread for ever, and a socket <em>write</em> to a peer that stopped
 * reading has no timeout of its own in blocking I/O, so the watchdog closes the client (which
 * closes its sockets and fails the blocked call) and the next attempt opens a fresh one.
 */
public final class ClickHouseBatchWriter implements BatchWriter {
  private final Supplier<Client> clients;
  private final AtomicReference<Client> client;
  private final String database;
  private final Map<String, String> serverSettings;
  private final Duration insertTimeout;
  private final ScheduledExecutorService watchdog;

  /** One client for good, no insert timeout beyond the client's own socket timeouts. */
  public ClickHouseBatchWriter(Client client, String database) {
    this(() -> client, database, Map.of(), Duration.ZERO);
  }

  /**
   * @param clients opens a client (again after an abandoned insert)
   * @param serverSettings extra ClickHouse settings of every insert, e.g. {@code
   *     max_partitions_per_insert_block}
   * @param insertTimeout longest time one insert may take before it is abandoned and retried (zero:
   *     never)
   */
  public ClickHouseBatchWriter(
      Supplier<Client> clients,
      String database,
      Map<String, String> serverSettings,
      Duration insertTimeout) {
    this.clients = clients;
    this.client = new AtomicReference<>(clients.get());
    this.database = database;
    this.serverSettings = Map.copyOf(serverSettings);
    this.insertTimeout = insertTimeout;
    this.watchdog =
        insertTimeout.isZero()
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "sink-insert-watchdog");
                  t.setDaemon(true);
                  return t;
                });
  }

  @Override
  public <R> void write(Batch<R> batch) throws WriteException {
    if (batch.rows().isEmpty()) {
      return;
    }
    BinaryOut out = batch.table().encodeNative(batch.rows());
    InsertSettings settings =
        new InsertSettings()
            .setDatabase(database)
            .setDeduplicationToken(batch.dedupToken())
            .serverSetting("insert_deduplicate", "1")
            .serverSetting("deduplicate_blocks_in_dependent_materialized_views", "1")
            .serverSetting("distributed_foreground_insert", "1");
    serverSettings.forEach(settings::serverSetting);
    Client c = client.get();
    AtomicBoolean abandoned = new AtomicBoolean();
    ScheduledFuture<?> alarm = watch(c, abandoned);
    try (InsertResponse ignored =
        ClickHouseCalls.await(
            c.insert(
                batch.table().name(),
                batch.table().columns(),
                out::writeTo,
                ClickHouseFormat.Native,
                settings))) {
      // written (or recognised as a duplicate of an earlier write of the same token)
    } catch (RuntimeException e) {
      throw failure(batch, e, abandoned.get());
    } finally {
      if (alarm != null) {
        alarm.cancel(false);
      }
    }
  }

  private ScheduledFuture<?> watch(Client c, AtomicBoolean abandoned) {
    if (watchdog == null) {
      return null;
    }
    return watchdog.schedule(
        () -> {
          abandoned.set(true);
          // later inserts take a fresh client; closing this one fails the call that hangs on it
          if (client.compareAndSet(c, clients.get())) {
            c.close();
          }
        },
        insertTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static WriteException failure(Batch<?> batch, RuntimeException e, boolean abandoned) {
    String what = "insert of " + batch.rows().size() + " rows into " + batch.table().name();
    if (abandoned) {
      return new WriteException(what + " timed out (abandoned, will retry): " + e.getMessage(), e);
    }
    String reason = ClickHouseErrors.message(e);
    return new WriteException(
        what + " failed: " + e.getMessage(), e, ClickHouseErrors.isRowError(e), reason);
  }

  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
    client.get().close();
  }
}
