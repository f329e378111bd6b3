package dev.r1lat.sink.schema;

import dev.r1lat.config.ConfigException;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the sql/ templates are rendered: single node or cluster, retention. Every value that ends up
 * in DDL is validated here (identifiers by pattern, days as positive integers), so the rendered SQL
 * only ever contains our own text and checked values.
 */
public record SchemaOptions(
    String database,
    boolean cluster,
    String clusterName,
    int rawTtlDays,
    int stats1mTtlDays,
    int stats1hTtlDays,
    int dedupWindow,
    String roles) {

  public static final ConfigKey<Boolean> CLUSTER =
      ConfigKey.bool(
          "migrate.cluster",
          false,
          "render the cluster variant: ON CLUSTER, Replicated*MergeTree, Distributed tables");
  public static final ConfigKey<String> CLUSTER_NAME =
      ConfigKey.string("migrate.cluster-name", "r1lat", "cluster name used by ON CLUSTER");
  public static final ConfigKey<Integer> RAW_TTL_DAYS =
      ConfigKey.integer("migrate.ttl.raw-days", 30, "days request_timings rows are kept");
  public static final ConfigKey<Integer> STATS_1M_TTL_DAYS =
      ConfigKey.integer("migrate.ttl.stats-1m-days", 90, "days latency_stats_1m rows are kept");
  public static final ConfigKey<Integer> STATS_1H_TTL_DAYS =
      ConfigKey.integer(
          "migrate.ttl.stats-1h-days", 400, "days latency_stats_1h / request_volume_1h are kept");
  public static final ConfigKey<Integer> DEDUP_WINDOW =
      ConfigKey.integer(
          "migrate.dedup-window",
          10_000,
          "inserted blocks remembered per table to drop replayed batches (dedup tokens)");
  public static final ConfigKey<String> ROLES =
      ConfigKey.string(
          "migrate.roles",
          "auto",
          "SQL roles r1lat_writer / r1lat_analyst: auto (skip if the server cannot), on, off");

  public static final List<ConfigKey<?>> KEYS =
      List.of(
          CLUSTER,
          CLUSTER_NAME,
          RAW_TTL_DAYS,
          STATS_1M_TTL_DAYS,
          STATS_1H_TTL_DAYS,
          DEDUP_WINDOW,
          ROLES);

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  public SchemaOptions {
    requireIdentifier("database", database);
    requireIdentifier(CLUSTER_NAME.name(), clusterName);
    requirePositive(RAW_TTL_DAYS.name(), rawTtlDays);
    requirePositive(STATS_1M_TTL_DAYS.name(), stats1mTtlDays);
    requirePositive(STATS_1H_TTL_DAYS.name(), stats1hTtlDays);
    requirePositive(DEDUP_WINDOW.name(), dedupWindow);
    if (!List.of("auto", "on", "off").contains(roles)) {
      throw new ConfigException(ROLES.name() + "=" + roles + " is not valid: auto, on or off");
    }
  }

  public static SchemaOptions singleNode(String database) {
    return new SchemaOptions(database, false, "r1lat", 30, 90, 400, 10_000, "auto");
  }

  public static SchemaOptions from(Settings s, String database) {
    return new SchemaOptions(
        database,
        s.get(CLUSTER),
        s.get(CLUSTER_NAME),
        s.get(RAW_TTL_DAYS),
        s.get(STATS_1M_TTL_DAYS),
        s.get(STATS_1H_TTL_DAYS),
        s.get(DEDUP_WINDOW),
        s.get(ROLES));
  }

  /** The values of the ${NAME} placeholders of sql/. */
  Map<String, String> placeholders() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("DB", database);
    v.put("CLUSTER", clusterName);
    v.put("ON_CLUSTER", cluster ? "ON CLUSTER " + clusterName : "");
    v.put("LOCAL", cluster ? "_local" : "");
    v.put("REPLICATED", cluster ? "Replicated" : "");
    v.put(
        "DEDUP_WINDOW",
        (cluster ? "replicated_deduplication_window = " : "non_replicated_deduplication_window = ")
            + dedupWindow);
    v.put("TTL_RAW_DAYS", Integer.toString(rawTtlDays));
    v.put("TTL_1M_DAYS", Integer.toString(stats1mTtlDays));
    v.put("TTL_1H_DAYS", Integer.toString(stats1hTtlDays));
    return v;
  }

  private static void requireIdentifier(String what, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new ConfigException(
          what
              + "="
              + value
              + " is not valid: letters, digits and _ only, not starting with a digit");
    }
  }

  private static void requirePositive(String what, int value) {
    if (value < 1) {
      throw new ConfigException(what + "=" + value + " is not valid: must be >= 1");
    }
  }
}
