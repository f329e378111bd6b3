package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ReliabilityScenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 11, finding 2: extreme but valid values over as many groups as the cardinality guard admits
 * ({@code streams.max-dimension-values}, 64 regions × 64 tiers): every timing of an event is 1e-300
 * ms or 24 h (events.max-timing-ms), alternating, two events per group per window, so every sketch
 * of every group and roll-up holds both extremes. Before the fix a sketch holding both took ~277
 * KiB and the streams app died of OutOfMemoryError; the worker JVMs run with a stated heap ({@code
 * -Xmx512m}) and exit on OutOfMemoryError, so a dead worker shows it. Nothing may be lost: every
 * event counted in its window, every group present (none folded into "other"), the exact maximum of
 * 24 h, every event stored raw.
 */
public final class ExtremeValues implements ReliabilityScenario {
  static final int VALUES = 64;
  static final double TINY = 1e-300;
  static final double DAY_MS = 86_400_000.0;
  private static final int WINDOWS = 2;
  private static final int PER_GROUP = 2;

  @Override
  public String name() {
    return "10 extreme values, many groups";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "extreme")) {
      p.streamsSetting("streams.max-dimension-values", Integer.toString(VALUES));
      int perWindow = VALUES * VALUES * PER_GROUP;
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", WINDOWS, perWindow);
      List<Outbound> records = new ArrayList<>(traffic.total());
      for (int seq = 0; seq < traffic.total(); seq++) {
        records.add(Outbound.valid(extreme(traffic, seq)));
      }
      ChildJvm streams = Flow.start(p, records, v, "a", 2 * v.ratePerSecond());
      p.producer().awaitPaced();
      Settle.pipeline(p, records.size(), records.size(), v.settleTimeout());
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      Map<Long, Long> groups = new TreeMap<>();
      double max = 0;
      for (LatencyWindowStats s : p.output().stats()) {
        if (s.getComponent().equals("e2e") && s.getDimensions().isEmpty()) {
          if (!s.getRegion().equals("*") && !s.getTier().equals("*")) {
            groups.merge(s.getWindowStartMs(), 1L, Long::sum);
          } else if (s.getRegion().equals("*") && s.getTier().equals("*")) {
            max = Math.max(max, s.getMax());
          }
        }
      }
      Map<Long, Long> expectedGroups = new TreeMap<>();
      for (int w = 0; w < WINDOWS; w++) {
        expectedGroups.put(traffic.windowStart(w), (long) VALUES * VALUES);
      }
      Checks c =
          new Checks()
              .holds(
                  "the streams app is alive (heap "
                      + ChildJvm.HEAP
                      + ", exits on OutOfMemoryError)",
                  streams.isAlive())
              .holds(
                  "the streams app printed no OutOfMemoryError",
                  !streams.printed("OutOfMemoryError"))
              .everyEventOnce(traffic, l)
              .equal("late events", l.late(), 0)
              .equal("dead letters", l.deadLettered(), 0)
              .windows("region x tier groups with final e2e stats", expectedGroups, groups)
              .holds("e2e max of *|* is " + max + ", expected " + DAY_MS, max == DAY_MS)
              .equal("raw rows in ClickHouse", l.clickhouse().rawRows(), records.size())
              .holds("the sink is alive", p.sinkAlive());
      return ScenarioResult.of(
          name(),
          l,
          null,
          "-",
          c.problems(),
          List.of(
              VALUES * VALUES
                  + " groups, timings 1e-300 ms and 24 h alternating; streams worker heap "
                  + ChildJvm.HEAP));
    }
  }

  /**
   * Event {@code seq}: group {@code seq mod 4096} (region r00..r63 × tier t00..t63), every timing
   * 1e-300 ms or 24 h, alternating along the sequence and across the two events of a group.
   */
  static RequestTiming extreme(Traffic traffic, int seq) {
    int group = seq % (VALUES * VALUES);
    double value = (seq + seq / (VALUES * VALUES)) % 2 == 0 ? TINY : DAY_MS;
    RequestTiming t = Traffic.timing(traffic.requestId(seq), traffic.eventTime(seq), seq);
    t.setRegion(String.format("r%02d", group / VALUES));
    t.setTier(String.format("t%02d", group % VALUES));
    t.setNetworkInMs(value);
    t.setNetworkOutMs(null); // network in + out must stay within 24 h
    t.setQueueMs(value);
    t.setPreprocessMs(value);
    t.setPrefillMs(value);
    t.setTtftMs(value);
    t.setTtfoMs(t.getTtfoMs() == null ? null : value);
    t.setDecodeMs(value);
    t.setMaxInterTokenGapMs(value);
    t.setPostprocessMs(value);
    t.setE2eMs(value);
    return t;
  }
}
