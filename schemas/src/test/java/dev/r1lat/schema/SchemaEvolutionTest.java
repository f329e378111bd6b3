package dev.r1lat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaEvolutionTest {

  /** v2 = v1 + one optional field with a null default, the only kind of change we ship. */
  private static Schema v2() throws Exception {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/RequestTiming-v2.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  private static Schema v1() {
    return RequestTiming.getClassSchema();
  }

  private static GenericRecord sample(Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      if (f.hasDefaultValue()) {
        r.put(f.name(), GenericData.get().getDefaultValue(f));
      }
    }
    r.put("requestId", "req-1");
    r.put("eventTimeMs", 1_700_000_000_000L);
    r.put("region", "eu-west");
    r.put("tier", "H100");
    r.put("model", "deepseek-r1");
    r.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), "OK"));
    r.put("e2eMs", 1234.5);
    r.put("ttftMs", 420.0);
    return r;
  }

  private static byte[] encode(Schema writer, GenericRecord record) throws Exception {
    ByteBuffer buf =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    return out;
  }

  private static GenericRecord decode(Schema reader, Schema knownWriter, byte[] bytes)
      throws Exception {
    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(knownWriter);
    return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), reader, store).decode(bytes);
  }

  @Test
  void shouldReadV1BytesWithV2Reader() throws Exception {
    Schema v2 = v2();
    GenericRecord read = decode(v2, v1(), encode(v1(), sample(v1())));
    assertThat(read.get("requestId").toString()).isEqualTo("req-1");
    assertThat(read.get("ttftMs")).isEqualTo(420.0);
    assertThat(read.get("kvCacheUtilization")).as("added field takes its default").isNull();
  }

  @Test
  void shouldReadV2BytesWithV1Reader() throws Exception {
    Schema v2 = v2();
    GenericRecord written = sample(v2);
    written.put("kvCacheUtilization", 0.87);
    GenericRecord read = decode(v1(), v2, encode(v2, written));
    assertThat(read.get("e2eMs")).isEqualTo(1234.5);
    assertThat(read.getSchema().getField("kvCacheUtilization")).isNull();
  }

  @Test
  void shouldRefuseBytesFromAnUnknownWriterWithAReason() throws Exception {
    byte[] v2Bytes = encode(v2(), sample(v2()));
    assertThatInvalid(() -> AvroCodec.of(RequestTiming.class).decode(v2Bytes))
        .contains("unknown writer schema");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RequestTiming", "LatencyWindowStats", "LatencyAnomaly"})
  void shouldStayFullyCompatibleWithEveryCommittedVersion(String name) throws Exception {
    Schema current = currentSchema(name);
    List<Schema> history = SchemaHistory.versions(name);
    assertThat(history).as("committed versions of " + name).isNotEmpty();
    for (Schema old : history) {
      assertCompatible(current, old);
      assertCompatible(old, current);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"RequestTiming", "LatencyWindowStats", "LatencyAnomaly"})
  void shouldHaveCommittedTheCurrentSchemaAsTheLatestVersion(String name) throws Exception {
    List<Schema> history = SchemaHistory.versions(name);
    assertThat(history.get(history.size() - 1))
        .as(
            "copy src/main/avro/%s.avsc to src/main/avro-history/%s/v%d.avsc when you change it",
            name, name, history.size() + 1)
        .isEqualTo(sourceSchema(name));
  }

  private static Schema sourceSchema(String name) throws Exception {
    return new Schema.Parser().parse(new java.io.File("src/main/avro/" + name + ".avsc"));
  }

  private static Schema currentSchema(String name) throws Exception {
    return (Schema) Class.forName("dev.r1lat.schema." + name).getField("SCHEMA$").get(null);
  }

  private static void assertCompatible(Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertThat(result.getType())
        .as(
            "reader %s v? vs writer: %s",
            reader.getName(), result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  static org.assertj.core.api.AbstractStringAssert<?> assertThatInvalid(Runnable call) {
    try {
      call.run();
    } catch (InvalidRecordException e) {
      return assertThat(e.getMessage());
    }
    throw new AssertionError("expected InvalidRecordException");
  }
}
