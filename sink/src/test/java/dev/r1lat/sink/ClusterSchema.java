package dev.r1lat.sink;

import dev.r1lat.config.Settings;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import java.util.List;
import java.util.Map;

/**
 * The shipped cluster variant of the schema, for the cluster ITs. On a real cluster the Migrator
 * applies it {@code ON CLUSTER}. The local engine has neither a DDL worker nor working replication,
 * so for its shards {@link #perNode} renders the same files with the three cluster-only parts a
 * single clickhouse-local cannot run taken out: {@code ON CLUSTER}, {@code Replicated} engines
 * (their non-replicated engine instead) and the replicated dedup window (the non-replicated one).
 * Local tables, Distributed tables, sharding keys, views and materialized views stay as shipped.
 */
final class ClusterSchema {
  static final String CLUSTER = "r1lat";

  private ClusterSchema() {}

  /** The cluster variant, configured the way an operator does ({@code migrate.cluster*}). */
  static SchemaOptions options(String db) {
    Map<String, String> flags =
        Map.of(SchemaOptions.CLUSTER.name(), "true", SchemaOptions.CLUSTER_NAME.name(), CLUSTER);
    return SchemaOptions.from(Settings.load(SchemaOptions.KEYS, null, Map.of(), flags), db);
  }

  /**
   * Every statement of the cluster variant (roles aside: clickhouse-local has no writable access
   * storage), to run on each node in turn, statement by statement as the DDL queue would.
   */
  static List<String> perNode(String db) {
    SchemaOptions options = options(db);
    return Migrations.bundled().stream()
        .filter(m -> !m.requiresAccessManagement())
        .flatMap(m -> Migrator.render(m, options).stream())
        .map(ClusterSchema::withoutReplication)
        .toList();
  }

  static String withoutReplication(String sql) {
    return sql.replaceAll("\\s+ON CLUSTER " + CLUSTER + "\\b", "")
        .replaceAll("ENGINE = Replicated(\\w*MergeTree)", "ENGINE = $1")
        .replaceAll("\\breplicated_deduplication_window", "non_replicated_deduplication_window");
  }

  /** A copy through Distributed tables (INSERT ... SELECT) runs once, not once per node. */
  static boolean oncePerCluster(String sql) {
    return sql.startsWith("INSERT");
  }
}
