package dev.r1lat.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * The hand-written fast decoder against the RequestTiming schema: a field added, removed, moved or
 * retyped in the schema fails here, naming it, until {@code FastTimingDecoder.readFields} and its
 * {@code READS_VERSION} follow.
 */
class FastTimingDecoderLayoutTest {
  private static final Schema SCHEMA = RequestTiming.getClassSchema();
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  @Test
  void shouldReadEveryFieldOfTheSchema() {
    assertThat(FastTimingDecoder.layoutDrift())
        .as(
            "FastTimingDecoder reads RequestTiming v%d; extend readFields() and READS_VERSION",
            FastTimingDecoder.READS_VERSION)
        .isEmpty();
    assertThat(FastTimingDecoder.enabled()).isTrue();
  }

  @Test
  void shouldDecodeEveryFieldExactlyLikeAvro() {
    FastTimingDecoder fast = new FastTimingDecoder();
    List<String> drift = new ArrayList<>();
    for (int seed = 0; seed < 12; seed++) {
      byte[] bytes = EveryField.message(SCHEMA, seed, seed % 3 == 2);
      RequestTiming expected = CODEC.decode(bytes);
      RequestTiming read = fast.tryFast(bytes);
      if (read == null) {
        String why = FastTimingDecoder.layoutDrift();
        drift.add(
            "the fast path refused a valid record: "
                + (why.isEmpty() ? "readFields() does not read the fields of the schema" : why));
        break;
      }
      for (Schema.Field f : SCHEMA.getFields()) {
        if (!java.util.Objects.equals(read.get(f.pos()), expected.get(f.pos()))) {
          drift.add(
              "RequestTiming."
                  + f.name()
                  + ": fast path read "
                  + read.get(f.pos())
                  + ", Avro read "
                  + expected.get(f.pos()));
        }
      }
    }
    assertThat(drift).as("FastTimingDecoder vs Avro, field by field").isEmpty();
  }

  @Test
  void shouldNameAnAddedARemovedAndARetypedField() {
    Schema reads =
        SchemaBuilder.record("RequestTiming")
            .fields()
            .requiredString("requestId")
            .requiredLong("eventTimeMs")
            .optionalDouble("gone")
            .endRecord();
    Schema now =
        SchemaBuilder.record("RequestTiming")
            .fields()
            .requiredString("requestId")
            .requiredDouble("eventTimeMs")
            .optionalDouble("kvCacheUtilization")
            .endRecord();
    assertThat(LayoutDrift.between(reads, now))
        .contains(
            "RequestTiming.kvCacheUtilization ([\"null\",\"double\"], position 2) is not read")
        .contains("RequestTiming.eventTimeMs is \"double\", read as \"long\"")
        .contains("RequestTiming.gone is read but no longer in the schema");
    assertThat(LayoutDrift.between(reads, reads)).isEmpty();
  }
}
