package dev.r1lat.sink.schema;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.sink.ClickHouseCalls;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies the sql/ migrations in version order and records each in {@code schema_migrations}. Safe
 * to re-run: applied versions are skipped (their checksum must not have changed), and every
 * statement is IF NOT EXISTS, so a run that died half-way through a file re-applies that file.
 */
public final class Migrator {
  /** ClickHouse ACCESS_DENIED, and "no writable access storage" for CREATE ROLE. */
  private static final List<Integer> NO_ACCESS_MANAGEMENT = List.of(497, 495, 36);

  /** A statement may copy a whole table (V008): far longer than a sink insert may take. */
  private static final Duration STATEMENT_TIMEOUT = Duration.ofHours(2);

  private final Client client;
  private final SchemaOptions options;
  private final Consumer<String> progress;

  public Migrator(Client client, SchemaOptions options, Consumer<String> progress) {
    this.client = client;
    this.options = options;
    this.progress = progress;
  }

  public record Outcome(List<String> applied, List<String> alreadyApplied, List<String> skipped) {}

  public Outcome migrate(List<Migration> migrations) {
    createDatabaseAndLedger();
    Map<Integer, String> done = appliedChecksums();
    List<String> applied = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Migration m : migrations) {
      String known = done.get(m.version());
      if (known != null) {
        requireUnchanged(m, known);
        already.add(m.fileName());
      } else if (m.requiresAccessManagement() && options.roles().equals("off")) {
        skipped.add(m.fileName() + " (migrate.roles=off)");
      } else {
        String skipReason = apply(m);
        if (skipReason == null) {
          applied.add(m.fileName());
        } else {
          skipped.add(m.fileName() + " (" + skipReason + ")");
        }
      }
    }
    return new Outcome(applied, already, skipped);
  }

  /** The statements a migration renders to, for --dry-run and tests. */
  public static List<String> render(Migration m, SchemaOptions options) {
    return SqlTemplate.render(m.text(), options);
  }

  private void createDatabaseAndLedger() {
    // identifiers come from SchemaOptions, validated against an identifier pattern
    String onCluster = options.cluster() ? " ON CLUSTER " + options.clusterName() : "";
    ClickHouseCalls.execute(
        client,
        "CREATE DATABASE IF NOT EXISTS " + options.database() + onCluster,
        Map.of(),
        "default");
    ClickHouseCalls.execute(client, ledgerDdl(options));
  }

  /**
   * The ledger of applied migrations. On a cluster it is one table replicated to every node, all
   * shards included (one Keeper path, replicas named by shard and replica): the migrate Job reaches
   * the cluster through a Service that may land on any shard, and a ledger per shard would make a
   * later run on another shard see nothing applied and re-apply every file, V008's copy and table
   * swap included.
   */
  static String ledgerDdl(SchemaOptions options) {
    String onCluster = options.cluster() ? " ON CLUSTER " + options.clusterName() : "";
    String engine =
        options.cluster()
            ? "ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/all', '{shard}_{replica}')"
            : "ReplacingMergeTree";
    return "CREATE TABLE IF NOT EXISTS "
        + options.database()
        + ".schema_migrations"
        + onCluster
        + " (version UInt32, name String, checksum String,"
        + " applied_at DateTime64(3, 'UTC') DEFAULT now64(3))"
        + " ENGINE = "
        + engine
        + " ORDER BY version";
  }

  private Map<Integer, String> appliedChecksums() {
    Map<Integer, String> out = new HashMap<>();
    for (GenericRecord r :
        ClickHouseCalls.query(
            client,
            "SELECT version, checksum FROM " + options.database() + ".schema_migrations FINAL",
            Map.of())) {
      out.put((int) r.getLong("version"), r.getString("checksum"));
    }
    return out;
  }

  private void requireUnchanged(Migration m, String appliedChecksum) {
    if (!appliedChecksum.equals(m.checksum())) {
      throw new MigrationException(
          m.fileName()
              + " was changed after it was applied (checksum differs); never edit an applied"
              + " migration, add the next V file instead");
    }
  }

  /** Applies one file; returns null when done, or why it was skipped. */
  private String apply(Migration m) {
    List<String> statements = render(m, options);
    progress.accept("applying " + m.fileName() + " (" + statements.size() + " statements)");
    for (String sql : statements) {
      try {
        executeIn(sql);
      } catch (RuntimeException e) {
        int code = ClickHouseCalls.serverCode(e);
        if (m.requiresAccessManagement()
            && options.roles().equals("auto")
            && NO_ACCESS_MANAGEMENT.contains(code)) {
          return "this server cannot manage roles: " + firstLine(e.getMessage());
        }
        throw new MigrationException(
            m.fileName() + " failed: " + firstLine(e.getMessage()) + "\n  statement: " + sql, e);
      }
    }
    ClickHouseCalls.execute(
        client,
        "INSERT INTO "
            + options.database()
            + ".schema_migrations (version, name, checksum)"
            + " SELECT {v:UInt32}, {n:String}, {c:String}",
        Map.of("v", m.version(), "n", m.name(), "c", m.checksum()));
    return null;
  }

  /**
   * Runs one statement of a migration. A copy through a Distributed table (V008 on a cluster) is
   * sent to the shards before the statement returns ({@code distributed_foreground_insert}): the
   * next statements swap the tables it copies into, and a copy still queued on the initiator would
   * land in the swapped-out table.
   */
  private void executeIn(String sql) {
    CommandSettings settings = new CommandSettings();
    settings.setDatabase(options.database());
    settings.setNetworkTimeout(STATEMENT_TIMEOUT.toMillis(), ChronoUnit.MILLIS);
    settings.serverSetting("distributed_foreground_insert", "1");
    try (CommandResponse ignored = ClickHouseCalls.await(client.execute(sql, Map.of(), settings))) {
      // closing releases the connection
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing the response of " + sql + ": " + e, e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A migration that cannot be applied; the message names the file and the fix. */
  public static final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MigrationException(String message) {
      super(message);
    }

    MigrationException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
