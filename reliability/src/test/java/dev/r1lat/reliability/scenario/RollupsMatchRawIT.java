package dev.r1lat.reliability.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.junit.RealStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bar a data team holds the numbers to: after a run with late events (out of order within
 * grace, after their window closed, and one of them retried), through the real Kafka, streams app,
 * sink and ClickHouse with the shipped migrations, for every hour and every week and at every group
 * level, the e2e rollups ({@code latency_stats_1h}, {@code latency_weekly}) count exactly the raw
 * rows ({@code request_timings FINAL}), and their percentiles from merged sketches lie within 1% of
 * the exact order statistics over the raw rows the sketches describe.
 */
@ExtendWith(RealStackExtension.class)
class RollupsMatchRawIT {
  private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99, 0.999};
  private static final int LATE_PER_WINDOW = 10;

  /**
   * The raw rows a rollup's sketch describes, as a ClickHouse predicate on {@code request_timings}:
   * the successful requests with an e2e value (failed ones are in the failed sketch); counts
   * compare with every row.
   */
  static String rowsTheSketchDescribes() {
    return "isNotNull(e2e_ms) AND status = 'OK'";
  }

  @Test
  void shouldMatchRawCountsAndExactPercentilesForEveryHourAndWeekWithLateEventsIncluded(
      Stack stack, Endpoints endpoints) throws Exception {
    ScenarioEnv env =
        new ScenarioEnv(
            endpoints,
            stack,
            Path.of("target", "reliability-it").toAbsolutePath(),
            line -> System.out.println("[bar] " + line),
            ScenarioEnv.Volume.defaults());
    try (Pipeline p = Pipeline.create(env, "bar")) {
      p.streamsSetting("streams.grace", LatePlan.GRACE_MS / 1000 + "s");
      p.streamsSetting("streams.idle-advance", "10s");
      p.streamsSetting("streams.late.correction-interval", "2s");
      LatePlan plan = LatePlan.create(p.prefix() + "e-", 4);
      List<Outbound> late = slowLateEvents(plan, p.prefix() + "late-");
      List<Outbound> records = new ArrayList<>(plan.records());
      records.addAll(late);
      records.add(late.get(0)); // a retried late request: counts once
      p.producer().sendAll(records);
      p.startSinkInProcess();
      p.startStreams("a");

      int total = records.size();
      long lateDistinct = plan.lateIds().size() + late.size();
      Settle.pipeline(p, total, total, Duration.ofSeconds(150));
      Settle.await(Duration.ofSeconds(90), () -> p.output().corrected() >= lateDistinct);
      Settle.sink(p, total, Duration.ofSeconds(90));
      assertThat(p.output().corrected())
          .as("late events in correction rows")
          .isEqualTo(lateDistinct);

      try (Client ch = p.warehouse().settings().client()) {
        String db = p.warehouse().settings().database();
        int checked = 0;
        for (String[] period :
            new String[][] {
              {"latency_stats_1h", "toString(hour)", "toString(toStartOfHour(event_time))"},
              {"latency_weekly", "toString(week)", "toString(toMonday(event_time))"}
            }) {
          checked += compare(ch, db, period[0], period[1], period[2]);
        }
        System.out.println("[bar] periods x groups checked: " + checked);
        assertThat(checked).isGreaterThanOrEqualTo(2 * (1 + 4 + 4 + 16));
      }
    }
  }

  /**
   * Late events that land after their window closed, on every partition, for the first three
   * windows: slow requests (e2e 60-70 s), so a rollup missing them has visibly wrong tails.
   */
  private static List<Outbound> slowLateEvents(LatePlan plan, String idPrefix) {
    long firstWindow =
        plan.countedByWindow().keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
    List<Outbound> out = new ArrayList<>();
    int seq = 0;
    for (int partition = 0; partition < Pipeline.PARTITIONS; partition++) {
      for (int w = 0; w < 3; w++) {
        for (int i = 0; i < LATE_PER_WINDOW; i++, seq++) {
          long at = firstWindow + w * Traffic.WINDOW_MS + 1_000 + i * 3_000L;
          RequestTiming t = Traffic.timing(idPrefix + seq, at, seq);
          t = RequestTiming.newBuilder(t).setE2eMs(60_000.0 + 1_000 * (seq % 11)).build();
          out.add(Outbound.valid(t, partition));
        }
      }
    }
    return out;
  }

  /** Checks every period × group of one rollup; returns how many were compared. */
  private static int compare(
      Client ch, String db, String rollup, String periodOfRollup, String periodOfEvent) {
    Map<String, Long> rawCounts = new TreeMap<>();
    Map<String, List<Double>> rawValues = new TreeMap<>();
    String raw =
        "SELECT "
            + periodOfEvent
            + " AS period, region, tier, e2e_ms AS v, toUInt64("
            + rowsTheSketchDescribes()
            + ") AS described FROM {db:Identifier}.request_timings FINAL";
    ClickHouseCalls.query(ch, raw, Map.of("db", db))
        .forEach(
            r -> {
              for (String key :
                  levels(r.getString("period"), r.getString("region"), r.getString("tier"))) {
                rawCounts.merge(key, 1L, Long::sum);
                if (r.getLong("described") == 1) {
                  rawValues.computeIfAbsent(key, k -> new ArrayList<>()).add(r.getDouble("v"));
                }
              }
            });
    StringBuilder q = new StringBuilder("SELECT ");
    q.append(periodOfRollup).append(" AS period, region, tier, toUInt64(sum(total_count)) AS n");
    for (int i = 0; i < QUANTILES.length; i++) {
      q.append(", r1lat_quantile(sumMapMerge(sketch), ")
          .append(QUANTILES[i])
          .append(") AS q")
          .append(i);
    }
    q.append(" FROM {db:Identifier}.")
        .append(rollup)
        .append(" WHERE component = 'e2e' AND dims = '{}' GROUP BY period, region, tier");
    Map<String, Long> rollupCounts = new TreeMap<>();
    int[] checked = {0};
    ClickHouseCalls.query(ch, q.toString(), Map.of("db", db))
        .forEach(
            r -> {
              String key =
                  r.getString("period") + " " + r.getString("region") + "|" + r.getString("tier");
              rollupCounts.put(key, r.getLong("n"));
              List<Double> values = rawValues.getOrDefault(key, List.of());
              values.sort(Double::compare);
              for (int i = 0; i < QUANTILES.length; i++) {
                double exact = values.get((int) Math.floor(QUANTILES[i] * (values.size() - 1)));
                double merged = r.getDouble("q" + i);
                assertThat(Math.abs(merged - exact))
                    .as(
                        "%s %s p%s: merged sketch %s vs exact %s",
                        rollup, key, QUANTILES[i] * 100, merged, exact)
                    .isLessThanOrEqualTo(0.01 * exact + 1e-9);
              }
              checked[0]++;
            });
    assertThat(rollupCounts).as(rollup + " counts vs raw rows (FINAL)").isEqualTo(rawCounts);
    return checked[0];
  }

  /** A raw row's group at the four levels the streams app emits. */
  private static List<String> levels(String period, String region, String tier) {
    return List.of(
        period + " " + region + "|" + tier,
        period + " " + region + "|*",
        period + " *|" + tier,
        period + " *|*");
  }
}
