package dev.r1lat.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.query.GenericRecord;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Blocking helpers over client-v2 futures that surface ClickHouse's own error message. */
public final class ClickHouseCalls {
  private ClickHouseCalls() {}

  /** Runs one statement; parameters are bound server-side ({name:Type} in the SQL). */
  public static void execute(Client client, String sql, Map<String, Object> params) {
    execute(client, sql, params, null);
  }

  /** As {@link #execute(Client, String, Map)}, in {@code database} (null: the client's default). */
  public static void execute(
      Client client, String sql, Map<String, Object> params, String database) {
    execute(client, sql, params, database, null);
  }

  /**
   * As {@link #execute(Client, String, Map, String)}, waiting up to {@code timeout} for the answer
   * instead of the client's socket timeout (null: the client's): a migration that copies a table is
   * silent for as long as the copy takes.
   */
  public static void execute(
      Client client, String sql, Map<String, Object> params, String database, Duration timeout) {
    CommandSettings settings = new CommandSettings();
    if (database != null) {
      settings.setDatabase(database);
    }
    if (timeout != null) {
      settings.setNetworkTimeout(timeout.toMillis(), ChronoUnit.MILLIS);
    }
    try (CommandResponse ignored = await(client.execute(sql, params, settings))) {
      // closing releases the connection
    } catch (Exception e) {
      throw asRuntime(e);
    }
  }

  public static void execute(Client client, String sql) {
    execute(client, sql, Map.of());
  }

  public static List<GenericRecord> query(Client client, String sql, Map<String, Object> params) {
    try {
      return client.queryAll(sql, params);
    } catch (RuntimeException e) {
      throw asRuntime(e);
    }
  }

  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw asRuntime(e.getCause());
    }
  }

  /** The ClickHouse error code of a failure, or -1 when it is not a server error. */
  public static int serverCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ServerException se) {
        return se.getCode();
      }
    }
    return -1;
  }

  private static RuntimeException asRuntime(Throwable e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }
}
