package dev.r1lat.reliability.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Traffic;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetriesTest {

  @Test
  void shouldSendEveryTenthRequestTwiceAtMostThirtyRecordsLater() {
    Traffic traffic = new Traffic("r-", 0L, 2, 500);
    List<Outbound> valid = Flow.valid(traffic);

    List<Outbound> out = Retries.withRetries(valid);

    assertThat(out).hasSize(1_100);
    Map<String, Long> copies =
        out.stream().collect(Collectors.groupingBy(Outbound::key, Collectors.counting()));
    assertThat(copies.values().stream().filter(n -> n == 2)).hasSize(100);
    assertThat(copies.values().stream().filter(n -> n > 2)).isEmpty();
    // the copy follows its original within about 30 records: its window is still open
    Map<String, Integer> first = new java.util.HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      Integer original = first.putIfAbsent(out.get(i).key(), i);
      if (original != null) {
        assertThat(i - original).isBetween(1, 40);
      }
    }
  }
}
