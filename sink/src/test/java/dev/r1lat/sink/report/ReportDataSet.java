package dev.r1lat.sink.report;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.SinkTables.StatsRow;
import dev.r1lat.sink.TestData;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sketch.LatencySketches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two weeks of a small fleet, as the streams app and the gateways would deliver them: one window
 * per hour per leaf group and component, the roll-up groups (region,*), (*,tier), (*,*) as exact
 * merges, and raw events for volumes. In week two, us-east/H100 queues 2.5x longer.
 */
final class ReportDataSet {
  static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
  static final String[] TIERS = {"H100", "H200"};
  static final Map<String, Double> MEDIAN_MS =
      Map.of(
          "network", 20.0,
          "queue", 150.0,
          "preprocess", 10.0,
          "prefill", 400.0,
          "decode", 5_000.0,
          "postprocess", 15.0,
          "ttft", 600.0);
  static final long HOUR = 3_600_000L;

  /** e2e sketches of one group in one week, for assertions: key "week|region|tier". */
  final Map<String, DDSketch> e2e = new HashMap<>();

  private final AvroCodec<LatencyWindowStats> codec = AvroCodec.of(LatencyWindowStats.class);

  void writeTo(BatchWriter writer) throws Exception {
    List<StatsRow> stats = new ArrayList<>();
    List<RequestTiming> raw = new ArrayList<>();
    Random r = new Random(7);
    for (int week = 0; week < 2; week++) {
      long weekStart = TestData.T0 + week * 7 * 24 * HOUR;
      for (int h = 0; h < 7 * 24; h++) {
        long start = weekStart + h * HOUR;
        double diurnal = 1 + 0.3 * Math.sin(2 * Math.PI * (h % 24) / 24.0);
        Map<String, DDSketch> rollups = new HashMap<>();
        for (String region : REGIONS) {
          for (String tier : TIERS) {
            double f =
                diurnal
                    * (tier.equals("H200") ? 0.8 : 1.0)
                    * (region.equals("ap-south") ? 1.2 : 1.0);
            DDSketch e2eSketch = LatencySketches.create();
            for (var c : MEDIAN_MS.entrySet()) {
              boolean slower =
                  week == 1
                      && region.equals("us-east")
                      && tier.equals("H100")
                      && c.getKey().equals("queue");
              DDSketch s =
                  TestData.sketch(r.nextLong(), 60, c.getValue() * f * (slower ? 2.5 : 1.0));
              add(stats, rollups, start, region, tier, c.getKey(), s);
            }
            DDSketch e =
                TestData.sketch(
                    r.nextLong(),
                    60,
                    6_000
                        * f
                        * (week == 1 && region.equals("us-east") && tier.equals("H100")
                            ? 1.15
                            : 1.0));
            e2eSketch.mergeWith(e);
            add(stats, rollups, start, region, tier, "e2e", e);
            e2e.computeIfAbsent(week + "|" + region + "|" + tier, k -> LatencySketches.create())
                .mergeWith(e);
            for (int i = 0; i < 3; i++) {
              raw.add(timing(raw.size(), start + i * 1000L, region, tier, r));
            }
          }
        }
        rollups.forEach(
            (key, s) -> {
              String[] p = key.split("\\|");
              stats.add(row(start, p[0], p[1], p[2], s));
            });
      }
    }
    for (int i = 0; i < stats.size(); i += 5_000) {
      List<StatsRow> part = stats.subList(i, Math.min(stats.size(), i + 5_000));
      writer.write(
          new Batch<>(SinkTables.LATENCY_STATS_1M, "report", 0, i, i + part.size() - 1, part));
    }
    AvroCodec<RequestTiming> timings = AvroCodec.of(RequestTiming.class);
    writer.write(
        new Batch<>(
            SinkTables.REQUEST_TIMINGS,
            "report",
            0,
            0,
            raw.size() - 1,
            raw.stream().map(t -> SinkTables.REQUEST_TIMINGS.decode(timings.encode(t))).toList()));
  }

  private void add(
      List<StatsRow> stats,
      Map<String, DDSketch> rollups,
      long start,
      String region,
      String tier,
      String component,
      DDSketch s) {
    stats.add(row(start, region, tier, component, s));
    for (String key :
        List.of(region + "|*|" + component, "*|" + tier + "|" + component, "*|*|" + component)) {
      rollups.computeIfAbsent(key, k -> LatencySketches.create()).mergeWith(s);
    }
  }

  private StatsRow row(long start, String region, String tier, String component, DDSketch s) {
    // v2 rows: every request succeeded (the sketch holds them all), nine in ten were good
    LatencyWindowStats v1 = TestData.stats(start, region, tier, component, s);
    LatencyWindowStats v2 =
        LatencyWindowStats.newBuilder(v1)
            .setErrorCount(0)
            .setOkCount(v1.getCount())
            .setGoodCount(v1.getCount() * 9 / 10)
            .build();
    return SinkTables.LATENCY_STATS_1M.decode(codec.encode(v2));
  }

  private static RequestTiming timing(int i, long t, String region, String tier, Random r) {
    return RequestTiming.newBuilder(TestData.timing(i))
        .setRequestId("rep-" + i)
        .setEventTimeMs(t)
        .setRegion(region)
        .setTier(tier)
        .setStatus(r.nextInt(100) == 0 ? RequestStatus.TIMEOUT : RequestStatus.OK)
        .build();
  }
}
