package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficTest {
  private final Traffic traffic = Traffic.inThePast("t-", 6, 1_200);

  @Test
  void shouldPutExactlyPerWindowEventsInEachWindowInEventTimeOrder() {
    Map<Long, Integer> perWindow = new HashMap<>();
    long previous = Long.MIN_VALUE;
    for (int seq = 0; seq < traffic.total(); seq++) {
      long t = traffic.event(seq).getEventTimeMs();
      assertThat(t).isGreaterThan(previous);
      previous = t;
      perWindow.merge(t - Math.floorMod(t, Traffic.WINDOW_MS), 1, Integer::sum);
    }
    assertThat(perWindow).hasSize(6).allSatisfy((w, n) -> assertThat(n).isEqualTo(1_200));
    assertThat(perWindow).containsKey(traffic.windowStart(0));
  }

  @Test
  void shouldEndWellBeforeNowSoWindowsCloseByEventTime() {
    long lastWindowEnd = traffic.windowStart(5) + Traffic.WINDOW_MS;
    assertThat(lastWindowEnd).isLessThan(System.currentTimeMillis() - 2 * Traffic.WINDOW_MS);
  }

  @Test
  void shouldBeDeterministicUniqueAndValidForTheStreamsAppAndTheSink() {
    TimingRules rules = new TimingRules(86_400_000.0, 300_000, 1_209_600_000L);
    Set<String> ids = new HashSet<>();
    for (int seq = 0; seq < traffic.total(); seq++) {
      RequestTiming t = traffic.event(seq);
      assertThat(t).isEqualTo(traffic.event(seq));
      assertThat(rules.firstViolation(t, System.currentTimeMillis())).isNull();
      ids.add(t.getRequestId());
    }
    assertThat(ids).hasSize(traffic.total());
  }

  @Test
  void shouldSpreadEventsOverAllSixteenGroups() {
    Set<String> groups = new HashSet<>();
    for (int seq = 0; seq < 100; seq++) {
      RequestTiming t = traffic.event(seq);
      groups.add(t.getRegion() + "|" + t.getTier());
      assertThat(Traffic.group(seq)).isEqualTo(t.getRegion() + "|" + t.getTier());
    }
    assertThat(groups).hasSize(16);
  }
}
