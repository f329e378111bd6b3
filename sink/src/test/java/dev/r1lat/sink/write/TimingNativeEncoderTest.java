package dev.r1lat.sink.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.EveryField;
import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingNativeEncoderTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  /** Every status, nulls and values in every nullable field, non-ASCII and long strings. */
  private static List<RequestTiming> variety() {
    List<RequestTiming> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RequestTiming.Builder b = RequestTiming.newBuilder(TestData.timing(i));
      b.setStatus(RequestStatus.values()[i % RequestStatus.values().length]);
      if (i % 3 == 0) {
        b.setQuantization("fp8").setErrorCode("E" + i).setResponseCacheHit(i % 2 == 0);
        b.setCachedPromptTokens(i).setBatchSize(i % 64).setQueueMs(i * 1.5).setNetworkOutMs(0.25);
      }
      if (i % 7 == 0) {
        b.setServerId(null).setPromptTokens(null).setTtftMs(null).setDecodeMs(null);
        // a string longer than 127 bytes has a two-byte length prefix (the rules cap ids at 200)
        b.setRegion("eu-wést-ü").setRequestId("req-" + i + "-" + "x".repeat(180));
      }
      b.setStreaming(i % 5 != 0);
      out.add(b.build());
    }
    return out;
  }

  /** The generic column encoders over decoded objects, one per schema field: the reference. */
  static List<NativeColumn<RequestTiming>> genericColumns() {
    return TimingColumns.ALL.stream().map(TimingNativeEncoderTest::generic).toList();
  }

  private static NativeColumn<RequestTiming> generic(TimingColumns.Column c) {
    int i = c.field().pos();
    String n = c.name();
    return switch (c.kind()) {
      case STRING -> NativeColumn.string(n, t -> (CharSequence) t.get(i));
      case ENUM -> NativeColumn.string(n, t -> t.get(i).toString());
      case MILLIS -> NativeColumn.dateTime64Millis(n, t -> (Long) t.get(i));
      case NULLABLE_STRING -> NativeColumn.nullableString(n, t -> (CharSequence) t.get(i));
      case BOOL -> NativeColumn.bool(n, t -> (Boolean) t.get(i));
      case NULLABLE_UINT32 -> NativeColumn.nullableUInt32(n, t -> (Integer) t.get(i));
      case NULLABLE_BOOL -> NativeColumn.nullableBool(n, t -> (Boolean) t.get(i));
      case NULLABLE_DOUBLE -> NativeColumn.nullableFloat64(n, t -> (Double) t.get(i));
      case DOUBLE -> NativeColumn.float64(n, t -> (Double) t.get(i));
    };
  }

  @Test
  void shouldEncodeEveryFieldOfTheSchemaLikeTheGenericColumnEncoders() {
    List<byte[]> messages = new ArrayList<>();
    for (int seed = 0; seed < 12; seed++) {
      messages.add(EveryField.message(RequestTiming.getClassSchema(), seed, seed % 3 == 2));
    }
    messages.forEach(m -> TimingNativeEncoder.validate(m, TimingColumns.NAMES));
    List<RequestTiming> decoded = messages.stream().map(CODEC::decode).toList();
    byte[] generic = SinkTable.encodeNative(genericColumns(), decoded).toByteArray();
    byte[] fast = TimingNativeEncoder.encode(messages, TimingColumns.NAMES).toByteArray();
    assertThat(fast).isEqualTo(generic);
  }

  @Test
  void shouldProduceExactlyTheBytesOfTheGenericColumnEncoders() {
    List<RequestTiming> timings = variety();
    byte[] generic = SinkTable.encodeNative(genericColumns(), timings).toByteArray();
    List<TimingRow> encoded =
        timings.stream().map(t -> SinkTables.REQUEST_TIMINGS.decode(CODEC.encode(t))).toList();
    byte[] fast = SinkTables.REQUEST_TIMINGS.encodeNative(encoded).toByteArray();
    assertThat(fast).isEqualTo(generic);
  }

  @Test
  void shouldRejectATruncatedBodyWithAReason() {
    byte[] m = CODEC.encode(TestData.timing(1));
    byte[] cut = Arrays.copyOf(m, m.length - 3);
    // decoded first, as the streams app decodes: the same reason in both dead-letter topics
    assertThatThrownBy(() -> SinkTables.REQUEST_TIMINGS.decode(cut))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("corrupt RequestTiming body");
    assertThatThrownBy(
            () -> TimingNativeEncoder.validate(cut, SinkTables.REQUEST_TIMINGS.columns()))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] m = CODEC.encode(TestData.timing(1));
    byte[] longer = Arrays.copyOf(m, m.length + 2);
    assertThatThrownBy(() -> SinkTables.REQUEST_TIMINGS.decode(longer))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void shouldRejectNegativeTokenCountsByTheEventRulesBeforeTheyReachAUInt32Column() {
    byte[] m =
        CODEC.encode(RequestTiming.newBuilder(TestData.timing(1)).setAnswerTokens(-4).build());
    assertThatThrownBy(() -> SinkTables.REQUEST_TIMINGS.decode(m))
        .isInstanceOf(RejectedRecordException.class)
        .hasMessage("answerTokens must not be negative (was -4)");
  }

  @Test
  void shouldKeepTheReasonOfTheCodecForBytesThatAreNotAvro() {
    assertThatThrownBy(() -> SinkTables.REQUEST_TIMINGS.decode("hello".getBytes()))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("not Avro single-object encoded");
    assertThatThrownBy(() -> SinkTables.REQUEST_TIMINGS.decode(null))
        .isInstanceOf(InvalidRecordException.class)
        .hasMessageContaining("tombstone");
  }
}
