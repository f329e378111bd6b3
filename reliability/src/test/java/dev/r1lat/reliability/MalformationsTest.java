package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.FastTimingDecoder;
import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each kind of bad record is rejected for the reason its check expects, without a stack. */
class MalformationsTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private final TimingRules rules = new TimingRules(86_400_000.0, 300_000, 1_209_600_000L);

  @Test
  void shouldMakeTenThousandRecordsEvenlyOverTheKindsWithUniqueKeys() {
    List<Outbound> bad = Malformations.records("p-", 10_000, System.currentTimeMillis());

    Map<String, Long> byKind =
        bad.stream().collect(Collectors.groupingBy(Outbound::kind, Collectors.counting()));
    assertThat(byKind).hasSize(Malformations.KINDS.size());
    Malformations.KINDS.forEach(
        k -> assertThat(byKind.get(k.name())).isEqualTo(Malformations.expected(k, 10_000)));
    assertThat(bad.stream().map(Outbound::key).distinct().count()).isEqualTo(10_000);
  }

  @Test
  void shouldBeRejectedWithAReasonNamingTheProblem() {
    long now = System.currentTimeMillis();
    for (Outbound o : Malformations.records("p-", 40, now)) {
      Malformations.Kind kind =
          Malformations.KINDS.stream().filter(k -> k.name().equals(o.kind())).findFirst().get();
      String[] rejection = rejection(o.value(), now);
      assertThat(rejection[0]).as(kind.name()).contains(kind.reasonMentions());
      assertThat(rejection[1]).as(kind.name()).isEqualTo(kind.reasonClass());
    }
  }

  @Test
  void shouldCountExpectedPerKindForUnevenTotals() {
    long sum = Malformations.KINDS.stream().mapToLong(k -> Malformations.expected(k, 1_003)).sum();
    assertThat(sum).isEqualTo(1_003);
    long byClass =
        Stream.of("undecodable", "invalid_field", "future_event_time")
            .mapToLong(c -> Malformations.expected(c, 1_003))
            .sum();
    assertThat(byClass).isEqualTo(1_003);
    assertThat(Malformations.expected("future_event_time", 10_000)).isEqualTo(1_000);
  }

  /**
   * The two gates of the streams app and of the sink alike: decoding, then the shared rules judged
   * against the record timestamp.
   */
  private String[] rejection(byte[] value, long recordTimestamp) {
    RequestTiming t;
    try {
      t = new FastTimingDecoder().decode(value);
    } catch (InvalidRecordException e) {
      return new String[] {e.getMessage(), "undecodable"};
    }
    TimingRules.Violation v = rules.firstViolation(t, recordTimestamp);
    assertThat(v).as("a decodable bad record must fail validation").isNotNull();
    return new String[] {v.toString(), v.kind().label()};
  }

  @Test
  void shouldNotConfuseAValidRecordForABadOne() {
    Throwable t = catchThrowable(() -> CODEC.decode(Outbound.encode(Traffic.timing("x", 1L, 1))));
    assertThat(t).isNull();
  }

  @Test
  void shouldBuildTheFifteenByteRecordOfTheIssueBehindRequestTimingsOwnHeader() {
    byte[] valid = Outbound.encode(Traffic.timing("x", 1L, 1));
    byte[] poison = Poison.hugeStringLength();

    assertThat(poison).hasSize(15);
    assertThat(java.util.Arrays.copyOf(poison, 10)).isEqualTo(java.util.Arrays.copyOf(valid, 10));
    assertThat(poison[0]).isEqualTo((byte) 0xC3);
    assertThat(poison[1]).isEqualTo((byte) 0x01);
  }

  @Test
  void shouldRejectEveryPoisonRecordAsUndecodable() {
    for (Outbound o : Malformations.records(Malformations.POISON, "p-", 7, 1L)) {
      Throwable t = catchThrowable(() -> new FastTimingDecoder().decode(o.value()));
      assertThat(t).as(o.kind()).isInstanceOf(InvalidRecordException.class);
    }
  }
}
