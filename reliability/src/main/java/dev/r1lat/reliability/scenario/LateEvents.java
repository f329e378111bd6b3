package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ReliabilityScenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 7, scenario 6: out-of-order and late events against the grace rule (streams-app README): a
 * window {@code [s, e)} of a partition closes when that partition's event time reaches {@code e +
 * grace}; an event of a window that is still open counts, however out of order; an event of a
 * closed window goes to the late topic. {@link LatePlan} places crafted events at exact points of
 * each partition's event time, including both sides of the boundary, so the expected count of every
 * window and the exact set of late events are known in advance.
 */
public final class LateEvents implements ReliabilityScenario {
  @Override
  public String name() {
    return "6 out-of-order and late events";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    try (Pipeline p = Pipeline.create(env, "late")) {
      p.streamsSetting("streams.grace", LatePlan.GRACE_MS / 1000 + "s");
      // no partition is idle before its input ends, so the idle advance can only close the last
      // window; 10 s leaves room for a slow start on a busy machine
      p.streamsSetting("streams.idle-advance", "10s");
      // late events become correction rows within the settle's quiet period
      p.streamsSetting("streams.late.correction-interval", "2s");
      LatePlan plan = LatePlan.create(p.prefix() + "e-", 4);
      p.producer().sendAll(plan.records());
      p.startSinkInProcess();
      p.startStreams("a");
      int total = plan.records().size();
      Settle.pipeline(p, total, total, env.volume().settleTimeout());
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      Checks c = new Checks().equal("input records acknowledged", p.producer().acked(), total);
      checkWindows(c, plan.countedByWindow(), l.countedByWindow(), "counted");
      checkWindows(c, plan.lateByWindow(), l.lateByWindow(), "late");
      Set<String> lateIds = p.output().lateIds();
      c.holds(
          "late topic holds exactly the events placed after their window closed (got "
              + lateIds.size()
              + ", expected "
              + plan.lateIds().size()
              + ")",
          lateIds.equals(plan.lateIds()));
      c.equal("late events folded into correction rows", l.corrected(), plan.lateIds().size())
          .equal("events counted + late", l.accounted(), total)
          .equal("duplicate stats keys / late events", l.outputDuplicates(), 0)
          .sinkMirrorsTopic(l)
          .equal("raw events in ClickHouse (late ones included)", l.clickhouse().rawRows(), total);
      return ScenarioResult.of(name(), l, null, "-", c.problems(), List.of());
    }
  }

  private static void checkWindows(
      Checks c, Map<Long, Long> expected, Map<Long, Long> actual, String what) {
    expected.forEach(
        (w, n) ->
            c.equal(what + " in window " + Instant.ofEpochMilli(w), actual.getOrDefault(w, 0L), n));
    actual.keySet().stream()
        .filter(w -> !expected.containsKey(w))
        .forEach(w -> c.holds(what + " in unexpected window " + Instant.ofEpochMilli(w), false));
  }
}
