package dev.r1lat.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.RequestTiming;
import dev.r1lat.streams.Component;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ClickHouseAnchorSqlTest {
  private static final Schema CONTRACT = RequestTiming.getClassSchema();
  private final ClickHouseAnchorSql sql = new ClickHouseAnchorSql("bench_anchor_1", CONTRACT);
  private final ClickHouseAnchorSql.Consumption consumption =
      new ClickHouseAnchorSql.Consumption("127.0.0.1:9092", "t.json", "g1", 2, 65_536);

  @Test
  void shouldGiveEveryFieldOfTheContractAColumnInTheKafkaAndTheRawTable() {
    String kafka = sql.kafkaTable(consumption);
    String raw = sql.rawTable();

    for (Schema.Field f : CONTRACT.getFields()) {
      assertThat(kafka).contains("`" + f.name() + "` ");
      assertThat(raw).contains("`" + f.name() + "` ");
    }
  }

  @Test
  void shouldMapAvroTypesAsJsonEachRowReadsThem() {
    assertThat(column(sql.kafkaTable(consumption), "e2eMs")).isEqualTo("Float64");
    assertThat(column(sql.kafkaTable(consumption), "ttftMs")).isEqualTo("Nullable(Float64)");
    assertThat(column(sql.kafkaTable(consumption), "eventTimeMs")).isEqualTo("Int64");
    assertThat(column(sql.kafkaTable(consumption), "reasoningTokens")).isEqualTo("Nullable(Int32)");
    assertThat(column(sql.kafkaTable(consumption), "status")).isEqualTo("String"); // enum symbol
    assertThat(column(sql.kafkaTable(consumption), "streaming")).isEqualTo("Bool");
  }

  @Test
  void shouldKeepDimensionsLowCardinalityInTheRawTableOnly() {
    assertThat(column(sql.rawTable(), "region")).isEqualTo("LowCardinality(String)");
    assertThat(column(sql.rawTable(), "serverId")).isEqualTo("LowCardinality(Nullable(String))");
    assertThat(column(sql.rawTable(), "requestId")).isEqualTo("String");
    assertThat(column(sql.kafkaTable(consumption), "region")).isEqualTo("String");
  }

  @Test
  void shouldRefuseAnAvroTypeItCannotMap() {
    Schema union =
        SchemaBuilder.unionOf().nullType().and().stringType().and().longType().endUnion();

    assertThatThrownBy(() -> ClickHouseAnchorSql.type(union))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClickHouseAnchorSql.type(Schema.create(Schema.Type.BYTES)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSketchTheStreamsAppsComponentsPerRegionTierAndMinute() {
    String view = sql.statsView();

    List<String> components = ClickHouseAnchorSql.COMPONENTS.stream().map(c -> c[0]).toList();
    assertThat(components)
        .containsExactlyElementsOf(Arrays.stream(Component.all()).map(Component::id).toList());
    for (String c : components) {
      assertThat(view).containsPattern("\\) AS " + c + "(,| FROM )");
    }
    assertThat(view.split("quantilesTDigestState\\(0\\.5, 0\\.9, 0\\.95, 0\\.99\\)", -1))
        .hasSize(components.size() + 1);
    assertThat(view)
        .contains("ENGINE = AggregatingMergeTree")
        .contains("countState() AS requests")
        .endsWith("FROM bench_anchor_1.queue GROUP BY minute, region, tier");
  }

  @Test
  void shouldConsumeWithOneThreadPerConsumerInTheGivenGroup() {
    String kafka = sql.kafkaTable(consumption);

    assertThat(kafka)
        .startsWith("CREATE TABLE bench_anchor_1.queue (")
        .contains(") ENGINE = Kafka SETTINGS kafka_broker_list = '127.0.0.1:9092'")
        .contains("kafka_topic_list = 't.json'")
        .contains("kafka_group_name = 'g1'")
        .contains("kafka_format = 'JSONEachRow'")
        .contains("kafka_num_consumers = 2")
        .contains("kafka_thread_per_consumer = 1")
        .contains("kafka_max_block_size = 65536");
  }

  @Test
  void shouldCreateTheTablesBeforeTheViewsThatStartConsumingAndDropTheViewsFirst() {
    List<String> create = sql.create(consumption);
    List<String> drop = sql.drop();

    assertThat(create.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS bench_anchor_1");
    assertThat(create.subList(1, 3)).allMatch(s -> s.startsWith("CREATE TABLE bench_anchor_1."));
    assertThat(create.subList(3, 5)).allMatch(s -> s.startsWith("CREATE MATERIALIZED VIEW"));
    assertThat(create.get(3))
        .isEqualTo(
            "CREATE MATERIALIZED VIEW bench_anchor_1.raw_mv TO bench_anchor_1.raw"
                + " AS SELECT * FROM bench_anchor_1.queue");
    assertThat(drop.subList(0, 2)).allMatch(s -> s.startsWith("DROP VIEW"));
    assertThat(drop.get(drop.size() - 1)).isEqualTo("DROP DATABASE IF EXISTS bench_anchor_1 SYNC");
  }

  /** The type of one column in a CREATE TABLE statement. */
  private static String column(String createTable, String name) {
    String body = createTable.substring(createTable.indexOf('(') + 1);
    for (String col : body.split(", `")) {
      String c = col.startsWith("`") ? col.substring(1) : col;
      if (c.startsWith(name + "` ")) {
        String type = c.substring(name.length() + 2);
        int end = type.indexOf(") ENGINE");
        return end >= 0 ? type.substring(0, end) : type;
      }
    }
    throw new AssertionError("no column " + name + " in " + createTable);
  }
}
