package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ReliabilityScenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import java.time.Duration;
import java.util.List;

/**
 * Issue 7, scenario 3: ClickHouse goes away for a minute while traffic flows; the streams app does
 * not need it and carries on, the sink retries the same batches (same dedup tokens) and must catch
 * up once it is back, with nothing lost and nothing doubled, in the raw table, the final stats and
 * the rollup fed by a materialized view.
 */
public final class ClickHouseOutage implements ReliabilityScenario {
  @Override
  public String name() {
    return "3 ClickHouse outage";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    var stack = env.localStack();
    try (Pipeline p = Pipeline.create(env, "clickhouse-outage")) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", v.windows(), v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      Flow.start(p, records, v, "a");
      boolean writing =
          Settle.await(Duration.ofMinutes(2), () -> p.warehouse().counts().statsRows() > 0);
      long downAt = System.currentTimeMillis();
      stack.stopClickHouse();
      env.log().accept("ClickHouse stopped for " + v.clickhouseOutage().toSeconds() + " s");
      Thread.sleep(Math.max(0, downAt + v.clickhouseOutage().toMillis() - now()));
      long failures = p.sinkMetrics().writeFailures();
      stack.startClickHouseAgain();
      long backAt = now();
      env.log().accept("ClickHouse is back; the sink saw " + failures + " failed inserts");
      p.producer().awaitPaced();
      long caughtUp = Settle.pipeline(p, records.size(), records.size(), v.settleTimeout());
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      Checks c =
          new Checks()
              .holds("the sink had written before the outage", writing)
              .holds("the sink felt the outage (failed inserts)", failures > 0)
              .everyEventOnce(traffic, l)
              .equal("raw rows in ClickHouse", l.clickhouse().rawRows(), records.size())
              .equal(
                  "requests in the request_volume_1h rollup",
                  l.clickhouse().volumeRequests(),
                  records.size());
      return ScenarioResult.of(
          name(),
          l,
          caughtUp > 0 ? Duration.ofMillis(Math.max(0, caughtUp - backAt)) : null,
          "down " + v.clickhouseOutage().toSeconds() + " s; back -> sink caught up",
          c.problems(),
          List.of());
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
