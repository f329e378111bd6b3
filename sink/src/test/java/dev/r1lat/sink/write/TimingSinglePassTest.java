package dev.r1lat.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.FastTimingDecoder;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The single parse (decode, judge and write the columns at once) decides every record exactly as
 * the three-parse path it replaces: the decoder the streams app uses, then {@link TimingRules},
 * then the columns' validation. Same rejects, same reasons, same reason classes, same rows.
 */
class TimingSinglePassTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final long HOUR = 3_600_000;
  private static final long SENT = TestData.T0 + 6 * HOUR;
  private static final FastTimingDecoder DECODER = new FastTimingDecoder();
  private static final byte[] HEADER =
      Arrays.copyOf(CODEC.encode(TestData.timing(0)), TimingNativeEncoder.HEADER);

  /** Default limits, tight ones, and limits at the edges of the arithmetic. */
  private static final List<TimingRules> RULES =
      List.of(
          new TimingRules(86_400_000, 300_000, 14 * 24 * HOUR),
          new TimingRules(5_000, 0, 2 * HOUR),
          new TimingRules(Double.POSITIVE_INFINITY, Long.MAX_VALUE, Long.MAX_VALUE),
          new TimingRules(Double.MIN_VALUE, 0, 1));

  /** Kafka timestamps: none, zero, the event's own hour, far later. */
  private static final long[] SENT_AT = {-1, 0, SENT, SENT + 30L * 24 * HOUR, Long.MAX_VALUE};

  /** The path the single parse replaces, kept here as the reference. */
  private static String oldOutcome(byte[] bytes, long ts, TimingRules rules, List<byte[]> rows) {
    try {
      RequestTiming t = DECODER.decode(bytes);
      TimingRules.Violation v = rules.firstViolation(t, ts);
      if (v != null) {
        throw new RejectedRecordException(v);
      }
      byte[] message = bytes;
      if (bytes.length > HEADER.length
          && Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
        TimingNativeEncoder.validate(bytes, TimingColumns.NAMES);
      } else {
        message = CODEC.encode(t);
      }
      rows.add(message);
      return "row";
    } catch (RejectedRecordException e) {
      return "rejected " + e.reasonClass() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String newOutcome(
      SinkTable.Decoder<TimingRow> decoder, byte[] bytes, long ts, List<TimingRow> rows) {
    try {
      rows.add(decoder.decode(bytes, ts));
      return "row";
    } catch (RejectedRecordException e) {
      return "rejected " + e.reasonClass() + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** Feeds one range through both paths; compares each verdict and the Native block of the rows. */
  private static int compare(List<byte[]> range, TimingRules rules, long sentAt) {
    SinkTable.Decoder<TimingRow> decoder =
        SinkTables.requestTimings(rules).rangeDecoder(range.size());
    List<byte[]> oldRows = new ArrayList<>();
    List<TimingRow> newRows = new ArrayList<>();
    for (int i = 0; i < range.size(); i++) {
      byte[] m = range.get(i);
      String expected = oldOutcome(m, sentAt, rules, oldRows);
      assertThat(newOutcome(decoder, m, sentAt, newRows))
          .as("record %d, %s, sent at %d", i, rules, sentAt)
          .isEqualTo(expected);
    }
    byte[] expected = TimingNativeEncoder.encode(oldRows, TimingColumns.NAMES).toByteArray();
    assertThat(TimingBlock.encode(newRows, TimingColumns.NAMES).toByteArray())
        .as("rows of %s, sent at %d", rules, sentAt)
        .isEqualTo(expected);
    return newRows.size();
  }

  private static byte[] event(Consumer<RequestTiming.Builder> change) {
    RequestTiming.Builder b = RequestTiming.newBuilder(TestData.timing(7));
    b.setEventTimeMs(SENT - HOUR).setQuantization("fp8").setBatchSize(4).setErrorCode("E1");
    b.setNetworkInMs(1.0).setNetworkOutMs(2.0).setCachedPromptTokens(3).setResponseCacheHit(true);
    change.accept(b);
    return CODEC.encode(b.build());
  }

  /** A valid event and, per rule of TimingRules, events that break it or sit on its edge. */
  static Map<String, byte[]> everyRule() {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("valid", event(b -> {}));
    for (RequestStatus s : RequestStatus.values()) {
      e.put("status " + s, event(b -> b.setStatus(s)));
    }
    String[] texts = {
      "",
      " ",
      "\t\n",
      "\u001f",
      "\u2003",
      "\u00a0",
      "*",
      "**",
      "a|b",
      "|",
      "eu-wést",
      "x".repeat(100),
      "x".repeat(101),
      "x".repeat(200),
      "x".repeat(201),
      "é".repeat(60)
    };
    for (String t : texts) {
      e.put("requestId '" + t + "'", event(b -> b.setRequestId(t)));
      e.put("region '" + t + "'", event(b -> b.setRegion(t)));
      e.put("tier '" + t + "'", event(b -> b.setTier(t)));
      e.put("model '" + t + "'", event(b -> b.setModel(t)));
      e.put("serverId '" + t + "'", event(b -> b.setServerId(t)));
    }
    long[] times = {
      0,
      946_684_799_999L,
      946_684_800_000L,
      SENT / 1000,
      SENT - 15 * 24 * HOUR,
      SENT - 14 * 24 * HOUR,
      SENT - 2 * HOUR - 1,
      SENT,
      SENT + 300_000,
      SENT + 300_001,
      SENT + 2 * HOUR,
      Long.MIN_VALUE,
      Long.MAX_VALUE,
      -1
    };
    for (long t : times) {
      e.put("eventTimeMs " + t, event(b -> b.setEventTimeMs(t)));
    }
    double[] timings = {
      -5.0,
      -0.0,
      0.0,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      4_999.0,
      5_000.0,
      5_000.5,
      86_400_000.0,
      86_400_001.0,
      1e12,
      Double.MAX_VALUE,
      Double.MIN_VALUE
    };
    for (double v : timings) {
      e.put("e2eMs " + v, event(b -> b.setE2eMs(v)));
      e.put("ttftMs " + v, event(b -> b.setTtftMs(v)));
      e.put("networkInMs " + v, event(b -> b.setNetworkInMs(v)));
      e.put("maxInterTokenGapMs " + v, event(b -> b.setMaxInterTokenGapMs(v)));
      e.put("network total " + v, event(b -> b.setNetworkInMs(v).setNetworkOutMs(v)));
    }
    e.put("network total above max", event(b -> b.setNetworkInMs(2_600.0).setNetworkOutMs(2_500.)));
    e.put("network out alone", event(b -> b.setNetworkInMs(null).setNetworkOutMs(1e12)));
    int[] counts = {-1, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    for (int c : counts) {
      e.put("promptTokens " + c, event(b -> b.setPromptTokens(c)));
      e.put("cachedPromptTokens " + c, event(b -> b.setCachedPromptTokens(c)));
      e.put("reasoningTokens " + c, event(b -> b.setReasoningTokens(c)));
      e.put("answerTokens " + c, event(b -> b.setAnswerTokens(c)));
      e.put("batchSize " + c, event(b -> b.setBatchSize(c)));
    }
    e.put("cached = prompt", event(b -> b.setPromptTokens(10).setCachedPromptTokens(10)));
    e.put("cached > prompt", event(b -> b.setPromptTokens(10).setCachedPromptTokens(11)));
    e.put("cached, no prompt", event(b -> b.setPromptTokens(null).setCachedPromptTokens(11)));
    e.put("two rules", event(b -> b.setRegion("*").setTtftMs(-1.0)));
    e.put(
        "all nulls",
        event(
            b ->
                b.setQuantization(null)
                    .setServerId(null)
                    .setErrorCode(null)
                    .setPromptTokens(null)
                    .setCachedPromptTokens(null)
                    .setReasoningTokens(null)
                    .setAnswerTokens(null)
                    .setResponseCacheHit(null)
                    .setBatchSize(null)
                    .setNetworkInMs(null)
                    .setTtftMs(null)
                    .setDecodeMs(null)
                    .setNetworkOutMs(null)));
    return e;
  }

  @Test
  void shouldJudgeEveryRulesViolatingEventExactlyAsTheDecoderAndTimingRulesDo() {
    List<byte[]> range = new ArrayList<>(everyRule().values());
    int stored = 0;
    for (TimingRules rules : RULES) {
      for (long sentAt : SENT_AT) {
        stored += compare(range, rules, sentAt);
      }
    }
    assertThat(stored).as("some events pass, so rows are compared too").isGreaterThan(100);
  }

  @Test
  void shouldTreatDamagedBytesExactlyAsTheOldPath() {
    Random r = new Random(17);
    List<byte[]> valid = new ArrayList<>(everyRule().values());
    List<byte[]> range = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] m = valid.get(r.nextInt(valid.size())).clone();
      switch (r.nextInt(4)) {
        case 0 ->
            m[TimingNativeEncoder.HEADER + r.nextInt(m.length - TimingNativeEncoder.HEADER)] =
                (byte) r.nextInt(256);
        case 1 -> m = Arrays.copyOf(m, TimingNativeEncoder.HEADER + r.nextInt(m.length));
        case 2 -> {
          int at = TimingNativeEncoder.HEADER + r.nextInt(m.length - TimingNativeEncoder.HEADER);
          m[at] = (byte) (m[at] ^ (1 << r.nextInt(8)));
        }
        default -> {} // intact, between damaged neighbours
      }
      range.add(m);
    }
    range.add(null);
    range.add(new byte[0]);
    range.add("not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(compare(range, RULES.get(0), SENT)).isGreaterThan(1_000);
  }

  @Test
  void shouldEncodeAPartOfARangeAsTheSameRowsEncodedAlone() {
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      messages.add(CODEC.encode(TestData.timing(i)));
    }
    SinkTable.Decoder<TimingRow> decoder = SinkTables.REQUEST_TIMINGS.rangeDecoder(4);
    List<TimingRow> rows = messages.stream().map(m -> decoder.decode(m, SENT)).toList();
    List<TimingRow> mixed = new ArrayList<>(rows.subList(30, 40));
    mixed.add(SinkTables.REQUEST_TIMINGS.decode(messages.get(3)));
    mixed.addAll(rows.subList(7, 12));
    List<byte[]> alone = new ArrayList<>(messages.subList(30, 40));
    alone.add(messages.get(3));
    alone.addAll(messages.subList(7, 12));

    assertThat(rows)
        .extracting(TimingRow::index)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
    assertThat(TimingBlock.encode(mixed, TimingColumns.NAMES).toByteArray())
        .isEqualTo(TimingNativeEncoder.encode(alone, TimingColumns.NAMES).toByteArray());
    assertThat(TimingBlock.encode(rows.subList(10, 20), TimingColumns.NAMES).toByteArray())
        .isEqualTo(
            SinkTable.encodeNative(
                    TimingNativeEncoderTest.genericColumns(),
                    messages.subList(10, 20).stream().map(CODEC::decode).toList())
                .toByteArray());
  }
}
