package dev.r1lat.reliability.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Traffic;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The plan's expectations against an independent model of the grace rule: per partition, event time
 * is the largest event time seen; a window [s, e) is closed once it reaches e + grace.
 */
class LatePlanTest {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  @Test
  void shouldExpectWhatTheGraceRuleSays() {
    LatePlan plan = LatePlan.create("x-", 4);
    Map<Long, Long> counted = new TreeMap<>();
    Map<Long, Long> late = new TreeMap<>();
    Set<String> lateIds = new HashSet<>();
    Map<Integer, Long> streamTime = new HashMap<>();
    for (Outbound o : plan.records()) {
      long t = CODEC.decode(o.value()).getEventTimeMs();
      long now = Math.max(streamTime.getOrDefault(o.partition(), Long.MIN_VALUE), t);
      streamTime.put(o.partition(), now);
      long start = t - Math.floorMod(t, Traffic.WINDOW_MS);
      boolean closed = now >= start + Traffic.WINDOW_MS + LatePlan.GRACE_MS;
      (closed ? late : counted).merge(start, 1L, Long::sum);
      if (closed) {
        lateIds.add(o.key());
      }
    }

    assertThat(plan.countedByWindow()).isEqualTo(counted);
    assertThat(plan.lateByWindow()).isEqualTo(late);
    assertThat(plan.lateIds()).isEqualTo(lateIds);
    assertThat(plan.records()).hasSize(3 * 4 * 240 + 3 * 3 * 4);
    assertThat(late.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(18);
  }

  @Test
  void shouldSendEveryRecordToAFixedPartition() {
    assertThat(LatePlan.create("x-", 4).records())
        .allSatisfy(o -> assertThat(o.partition()).isBetween(0, 2));
  }

  @Test
  void shouldInterleaveBadRecordsEvenlyKeepingBothOrders() {
    var valid = Flow.valid(Traffic.inThePast("v-", 1, 100));
    var bad = dev.r1lat.reliability.Malformations.records("b-", 250, 0);

    var mixed = MalformedRecords.interleave(valid, bad);

    assertThat(mixed).hasSize(350);
    assertThat(mixed.stream().filter(o -> o.kind().equals(Outbound.VALID)).toList())
        .containsExactlyElementsOf(valid);
    assertThat(mixed.stream().filter(o -> !o.kind().equals(Outbound.VALID)).toList())
        .containsExactlyElementsOf(bad);
    assertThat(mixed.subList(0, 35).stream().filter(o -> o.kind().equals(Outbound.VALID)))
        .hasSizeBetween(9, 11);
  }
}
