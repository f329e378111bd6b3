package dev.r1lat.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.r1lat.ingest.TimingJson;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.schema.TimingRules.Kind;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReaderTest {
  static final int FOUR_MIB = 4 * 1024 * 1024;
  static final TimingRules RULES =
      TimingRules.of(86_400_000, Duration.ofMinutes(5), Duration.ofDays(14));
  final BatchReader reader = new BatchReader(new BodyLimits(FOUR_MIB, 10_000, 100), RULES);

  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  BatchReader.Batch read(String body) throws Exception {
    return reader.read(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
        false,
        System.currentTimeMillis());
  }

  @Test
  void shouldStopAtTheRecordCapBeforeBuildingTheRestOfABodyOfEmptyObjects() throws Exception {
    StringBuilder b = new StringBuilder("[{}");
    while (b.length() < FOUR_MIB - 4) {
      b.append(",{}");
    }
    byte[] body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    assertThat(body.length).isLessThanOrEqualTo(FOUR_MIB);

    long before = allocatedBytes();
    BatchReader.Refused refused =
        catchThrowableOfType(
            () -> reader.read(new ByteArrayInputStream(body), false, System.currentTimeMillis()),
            BatchReader.Refused.class);
    long streamed = allocatedBytes() - before;

    before = allocatedBytes();
    JsonNode tree = TimingJson.mapper().readTree(body); // what the gateway did before: the whole
    List<JsonNode> items = new ArrayList<>(); // body as a tree, then every item listed
    tree.forEach(items::add);
    long materialized = allocatedBytes() - before;

    System.out.printf(
        "4 MiB of %d empty objects: streamed %d KiB allocated, whole tree %d KiB%n",
        items.size(), streamed / 1024, materialized / 1024);
    assertThat(refused.reply.status()).isEqualTo(413);
    assertThat(refused.reply.body().get("error").asText()).contains("max-batch-records=10000");
    assertThat(streamed).isLessThan(24L * 1024 * 1024).isLessThan(materialized / 4);
  }

  @Test
  void shouldListTheFirstErrorsAndCountAllOfAnObjectOfUnknownFields() throws Exception {
    StringBuilder b = new StringBuilder("{\"u0\":0");
    int fields = 1;
    while (b.length() < FOUR_MIB - 20) {
      b.append(",\"u").append(fields++).append("\":0");
    }
    String body = b.append('}').toString();
    int required = TimingJson.fromJson(TimingJson.mapper().createObjectNode()).violations().size();

    long before = allocatedBytes();
    BatchReader.Batch batch = read(body);
    ObjectNode answer = TimingJson.mapper().createObjectNode();
    batch.errors().writeTo(answer);
    long allocated = allocatedBytes() - before;
    byte[] json = TimingJson.mapper().writeValueAsBytes(answer);

    System.out.printf(
        "one object of %d unknown fields: %d KiB allocated, answer %d bytes%n",
        fields, allocated / 1024, json.length);
    assertThat(batch.rejected()).isEqualTo(1);
    assertThat(batch.valid()).isEmpty();
    assertThat(answer.get("errors")).hasSize(100);
    assertThat(answer.get("errorCount").asLong()).isEqualTo(fields + required);
    assertThat(answer.get("errors").get(required).get("field").asText()).isEqualTo("u0");
    assertThat(json.length).isLessThan(16 * 1024);
    assertThat(allocated).isLessThan(96L * 1024 * 1024);
  }

  @Test
  void shouldReadAnObjectOrAnArrayAndNameEachBadEventByIndex() throws Exception {
    String good = IngestGatewayTest.events(2).get(0);
    BatchReader.Batch one = read(good);
    assertThat(one.valid()).hasSize(1);
    assertThat(one.rejected()).isZero();

    String nested = good.replaceFirst("\"e2eMs\":[0-9.]+", "\"e2eMs\":{\"a\":[1,2,{}]}");
    BatchReader.Batch batch = read("[" + good + ",42," + nested + ",[1,[2]]," + good + "]");
    assertThat(batch.valid()).hasSize(2);
    assertThat(batch.rejectedByKind()).containsEntry(Kind.INVALID_FIELD, 3);
    ObjectNode answer = TimingJson.mapper().createObjectNode();
    batch.errors().writeTo(answer);
    assertThat(answer.get("errors")).hasSize(3);
    assertThat(answer.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(answer.get("errors").get(0).get("reason").asText()).contains("JSON object");
    assertThat(answer.get("errors").get(1).get("index").asInt()).isEqualTo(2);
    assertThat(answer.get("errors").get(1).get("field").asText()).isEqualTo("e2eMs");
    assertThat(answer.get("errors").get(1).get("reason").asText()).isEqualTo("must be a number");
    assertThat(answer.get("errors").get(1).get("requestId")).isNotNull();
    assertThat(answer.get("errors").get(2).get("index").asInt()).isEqualTo(3);
    assertThat(answer.get("errorCount").asLong()).isEqualTo(3);
  }

  @Test
  void shouldRefuseMalformedAndTruncatedBodiesAsAWhole() {
    for (String body : List.of("", "42", "\"x\"", "[{}", "{\"requestId\":", "[{},}")) {
      BatchReader.Refused r = catchThrowableOfType(() -> read(body), BatchReader.Refused.class);
      assertThat(r).as(body).isNotNull();
      assertThat(r.reply.status()).as(body).isEqualTo(400);
    }
  }
}
