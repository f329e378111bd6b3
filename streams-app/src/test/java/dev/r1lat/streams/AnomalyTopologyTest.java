package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.ONE_MINUTE;
import static dev.r1lat.streams.Timings.T0;
import static dev.r1lat.streams.Timings.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyTopologyTest {
  private static final ReplaySource NO_REPLAY = (t, p, from, to, sink) -> {};

  @TempDir Path state;

  @Test
  void shouldRaiseAnSloBreachFromTheFinalStatsKeyedByGroup() {
    try (TopologyHarness h = new TopologyHarness(TopologyHarness.settings(), NO_REPLAY, state)) {
      for (int minute = 0; minute < 6; minute++) {
        for (int i = 0; i < 30; i++) {
          double ttft = minute >= 2 ? 5_000 + i : 300 + i; // breach the 2 s p99 from minute 2
          h.send(request().at(T0 + minute * ONE_MINUTE + i * 1_000).ttftMs(ttft));
        }
      }
      h.advanceEventTimeTo(T0 + 8 * ONE_MINUTE);
      List<LatencyAnomaly> anomalies = h.anomalies.readValuesToList();
      List<LatencyAnomaly> ttft =
          anomalies.stream()
              .filter(
                  a ->
                      a.getComponent().equals("ttft")
                          && a.getRegion().equals("eu-west")
                          && a.getTier().equals("H100")
                          && a.getKind() == AnomalyKind.SLO_BREACH)
              .toList();
      assertThat(ttft).isNotEmpty();
      assertThat(ttft.get(0).getState()).isEqualTo(AnomalyState.OPEN);
      assertThat(ttft.get(0).getWindowStartMs()).isGreaterThanOrEqualTo(T0 + 2 * ONE_MINUTE);
      assertThat(ttft.get(0).getReason()).contains("ttft");
      assertThat(
              anomalies.stream()
                  .filter(
                      a ->
                          a.getComponent().equals("ttft")
                              && a.getWindowStartMs() < T0 + 2 * ONE_MINUTE))
          .as("nothing before the fault")
          .isEmpty();
    }
  }
}
