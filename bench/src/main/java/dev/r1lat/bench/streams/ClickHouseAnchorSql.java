package dev.r1lat.bench.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The DDL of what a ClickHouse user builds instead of the streams app: a Kafka engine table reading
 * the events as JSONEachRow, a raw MergeTree table fed by one materialized view, and one t-digest
 * materialized view per region x tier x minute over the same eleven latency components the streams
 * app sketches. Columns come from the event contract's Avro schema (the JSON carries the Avro field
 * names, as the HTTP gateway's JSON does), so the anchor reads every field the streams app reads.
 */
public final class ClickHouseAnchorSql {
  /** The quantiles of each t-digest state, those the streams app reports. */
  static final String QUANTILES = "0.5, 0.9, 0.95, 0.99";

  /** Kept as LowCardinality in the raw table, as the sink's request_timings keeps them. */
  private static final Set<String> DIMENSIONS =
      Set.of("region", "tier", "model", "quantization", "serverId", "status", "errorCode");

  /**
   * The streams app's components (streams-app Component: the same reading of one request, NULL
   * where it reads NaN), as ClickHouse expressions over the Kafka table's columns.
   */
  static final List<String[]> COMPONENTS =
      List.of(
          new String[] {"e2e", "e2eMs"},
          new String[] {"ttft", "ttftMs"},
          new String[] {"ttfo", "ttfoMs"},
          new String[] {"queue", "queueMs"},
          new String[] {"preprocess", "preprocessMs"},
          new String[] {"prefill", "prefillMs"},
          new String[] {"decode", "decodeMs"},
          new String[] {
            "tpot",
            "if(ifNull(reasoningTokens, 0) + ifNull(answerTokens, 0) >= 2,"
                + " decodeMs / (ifNull(reasoningTokens, 0) + ifNull(answerTokens, 0) - 1), NULL)"
          },
          new String[] {"itl_max", "maxInterTokenGapMs"},
          new String[] {"postprocess", "postprocessMs"},
          new String[] {
            "network",
            "if(networkInMs IS NULL AND networkOutMs IS NULL, NULL,"
                + " ifNull(networkInMs, 0) + ifNull(networkOutMs, 0))"
          });

  /** How the Kafka engine consumes; see {@link #kafkaTable}. */
  public record Consumption(
      String brokers, String topic, String group, int consumers, int maxBlockSize) {}

  private final String db;
  private final Schema schema;

  public ClickHouseAnchorSql(String db, Schema schema) {
    this.db = db;
    this.schema = schema;
  }

  /** Statements in the order to run them; the Kafka engine starts consuming with the first view. */
  public List<String> create(Consumption c) {
    return List.of(
        "CREATE DATABASE IF NOT EXISTS " + db,
        kafkaTable(c),
        rawTable(),
        "CREATE MATERIALIZED VIEW " + db + ".raw_mv TO " + db + ".raw AS SELECT * FROM " + queue(),
        statsView());
  }

  /** Views first, so consumption stops before the tables go. */
  public List<String> drop() {
    return List.of(
        "DROP VIEW IF EXISTS " + db + ".raw_mv SYNC",
        "DROP VIEW IF EXISTS " + db + ".stats_1m SYNC",
        "DROP TABLE IF EXISTS " + queue() + " SYNC",
        "DROP DATABASE IF EXISTS " + db + " SYNC");
  }

  public String countRaw() {
    return "SELECT count() AS n FROM " + db + ".raw";
  }

  /** Events the t-digest view counted and the region x tier x minute groups it holds them in. */
  public String countStats() {
    return "SELECT toUInt64(countMerge(requests)) AS n, toUInt64(uniqExact(region, tier, minute))"
        + " AS groups FROM "
        + db
        + ".stats_1m";
  }

  /**
   * One consumer thread each ({@code kafka_thread_per_consumer}): the consumers flush their blocks
   * in parallel, as the streams app's threads process their tasks in parallel.
   */
  String kafkaTable(Consumption c) {
    return "CREATE TABLE "
        + queue()
        + " ("
        + String.join(", ", columns(false))
        + ") ENGINE = Kafka SETTINGS"
        + " kafka_broker_list = '"
        + c.brokers()
        + "', kafka_topic_list = '"
        + c.topic()
        + "', kafka_group_name = '"
        + c.group()
        + "', kafka_format = 'JSONEachRow'"
        + ", kafka_num_consumers = "
        + c.consumers()
        + ", kafka_thread_per_consumer = 1"
        + ", kafka_max_block_size = "
        + c.maxBlockSize();
  }

  String rawTable() {
    return "CREATE TABLE "
        + db
        + ".raw ("
        + String.join(", ", columns(true))
        + ") ENGINE = MergeTree ORDER BY (region, tier, eventTimeMs)";
  }

  /** Per region x tier x minute: the request count and a t-digest of each component. */
  String statsView() {
    StringBuilder sql =
        new StringBuilder("CREATE MATERIALIZED VIEW ")
            .append(db)
            .append(".stats_1m ENGINE = AggregatingMergeTree ORDER BY (region, tier, minute)")
            .append(" AS SELECT toStartOfMinute(fromUnixTimestamp64Milli(eventTimeMs, 'UTC'))")
            .append(" AS minute, region, tier, countState() AS requests");
    for (String[] c : COMPONENTS) {
      sql.append(", quantilesTDigestState(")
          .append(QUANTILES)
          .append(")(")
          .append(c[1])
          .append(") AS ")
          .append(c[0]);
    }
    return sql.append(" FROM ").append(queue()).append(" GROUP BY minute, region, tier").toString();
  }

  private String queue() {
    return db + ".queue";
  }

  private List<String> columns(boolean lowCardinality) {
    List<String> out = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      String type = type(f.schema());
      if (lowCardinality && DIMENSIONS.contains(f.name())) {
        type = "LowCardinality(" + type + ")";
      }
      out.add("`" + f.name() + "` " + type);
    }
    return out;
  }

  /** ClickHouse type of an Avro field as JSONEachRow reads it: enums arrive as their symbol. */
  static String type(Schema s) {
    return switch (s.getType()) {
      case STRING, ENUM -> "String";
      case LONG -> "Int64";
      case INT -> "Int32";
      case DOUBLE -> "Float64";
      case FLOAT -> "Float32";
      case BOOLEAN -> "Bool";
      case UNION -> nullable(s);
      default -> throw new IllegalArgumentException("no ClickHouse type for Avro " + s.getType());
    };
  }

  private static String nullable(Schema union) {
    List<Schema> branches =
        union.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new IllegalArgumentException("only [null, T] unions map to Nullable(T): " + union);
    }
    return "Nullable(" + type(branches.get(0)) + ")";
  }
}
