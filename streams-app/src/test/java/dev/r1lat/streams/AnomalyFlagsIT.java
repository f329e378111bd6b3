package dev.r1lat.streams;

import static dev.r1lat.schema.AnomalyState.OPEN;
import static dev.r1lat.schema.AnomalyState.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AnomalyKind;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.StackBootstrap;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly flags end to end on a real broker: 95 minutes of traffic in two groups, in one of
 * which time to first token is four times slower for ten minutes. The streams app must learn the
 * baseline, then publish one OPEN and one RESOLVED for that group's TTFT regression on the anomaly
 * topic, keyed by group, with one anomaly id, and flag nothing in the healthy group.
 */
@ExtendWith(RealStackExtension.class)
class AnomalyFlagsIT {
  private static final long MINUTE = 60_000;
  private static final int WINDOWS = 95;
  private static final int FAULT_FROM = 75;
  private static final int FAULT_TO = 85;
  private static final int PER_WINDOW = 40;

  @TempDir Path state;

  @Test
  void shouldOpenAndResolveABaselineRegressionOnlyInTheFaultyGroup(Endpoints endpoints)
      throws Exception {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(endpoints.kafkaBootstrap(), topics, 3);
    long t0 = (System.currentTimeMillis() / MINUTE - WINDOWS - 2) * MINUTE;
    publish(endpoints, topics, t0);

    try (StreamsApp app =
        StreamsApp.start(
            RealTopics.settings(endpoints, prefix, state), topics, System.out::println)) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      List<LatencyAnomaly> events =
          RealTopics.readUntil(
              endpoints,
              topics.latencyAnomalies(),
              read -> read.stream().anyMatch(a -> isTtftRegression(a, "us-east", RESOLVED)),
              Duration.ofSeconds(120));

      // one lifecycle per metric (p50 and p99 are watched apart), each with one stable id
      Map<String, List<LatencyAnomaly>> byMetric =
          events.stream()
              .filter(a -> isTtftRegression(a, "us-east", null))
              .collect(Collectors.groupingBy(LatencyAnomaly::getMetric));
      assertThat(byMetric).containsKey("p50");
      byMetric.forEach(
          (metric, lifecycle) -> {
            assertThat(lifecycle).extracting(LatencyAnomaly::getState).first().isEqualTo(OPEN);
            assertThat(lifecycle).extracting(LatencyAnomaly::getState).last().isEqualTo(RESOLVED);
            assertThat(lifecycle)
                .extracting(LatencyAnomaly::getAnomalyId)
                .containsOnly(lifecycle.get(0).getAnomalyId());
          });
      LatencyAnomaly opened = byMetric.get("p50").get(0);
      assertThat(opened.getWindowStartMs())
          .isBetween(t0 + FAULT_FROM * MINUTE, t0 + (FAULT_FROM + 2) * MINUTE);
      assertThat(opened.getReason()).contains("ttft p50").contains("us-east/H100");
      assertThat(events)
          .filteredOn(a -> a.getRegion().equals("eu-west"))
          .filteredOn(a -> a.getKind() != AnomalyKind.TRAFFIC_DROP) // the traffic ends at t0+95
          .isEmpty();
    }
  }

  private static boolean isTtftRegression(LatencyAnomaly a, String region, AnomalyState state) {
    return a.getKind() == AnomalyKind.BASELINE_REGRESSION
        && a.getRegion().equals(region)
        && a.getTier().equals("H100")
        && a.getComponent().equals("ttft")
        && (state == null || a.getState() == state);
  }

  /**
   * Published before the app starts: a partition with no input within idle-advance of its task
   * starting would advance to the wall clock and declare this past traffic late.
   */
  private static void publish(Endpoints endpoints, Topics topics, long t0) {
    Random rnd = new Random(7);
    try (var producer = RealTopics.producer(endpoints)) {
      for (int w = 0; w < WINDOWS; w++) {
        for (int i = 0; i < PER_WINDOW; i++) {
          for (String region : List.of("eu-west", "us-east")) {
            boolean slow = region.equals("us-east") && w >= FAULT_FROM && w < FAULT_TO;
            double ttft = 400 * Math.exp(0.2 * rnd.nextGaussian()) * (slow ? 4 : 1);
            RealTopics.send(
                producer,
                topics,
                Timings.request()
                    .region(region)
                    .at(t0 + w * MINUTE + i * (MINUTE / PER_WINDOW))
                    .ttftMs(ttft)
                    .build());
          }
        }
      }
      producer.flush();
    }
  }
}
