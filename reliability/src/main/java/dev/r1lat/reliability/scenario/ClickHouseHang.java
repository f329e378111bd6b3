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
import dev.r1lat.testsupport.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Issue 11: the network to ClickHouse hangs instead of refusing. The sink reaches ClickHouse
 * through a TCP proxy on 127.0.0.1 that, mid-run, stops forwarding for as long as scenario 3's
 * outage (60 s by default): connections stay open, no byte passes, then everything held is
 * delivered. The sink must not wedge (its timeouts give up and retry the same batches with the same
 * dedup tokens) and, once the network is back, nothing may be lost or doubled: not in the raw
 * table, the final stats or the rollup.
 */
public final class ClickHouseHang implements ReliabilityScenario {
  @Override
  public String name() {
    return "15 network to ClickHouse hangs";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    URI ch = URI.create(env.endpoints().clickhouseHttpUrl());
    try (Pipeline p = Pipeline.create(env, "clickhouse-hang");
        TcpProxy proxy = new TcpProxy(ch.getHost(), ch.getPort())) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", v.windows(), v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      String via = ch.getScheme() + "://127.0.0.1:" + proxy.port() + ch.getRawPath();
      Flow.start(p, records, v, "a", v.ratePerSecond(), via);
      // hang as soon as the sink has written: most raw rows and every stats row wait behind it
      boolean writing =
          Settle.await(Duration.ofMinutes(2), () -> p.warehouse().counts().rawRows() > 0);
      long hungAt = System.currentTimeMillis();
      proxy.hang();
      env.log()
          .accept("network to ClickHouse hangs for " + v.clickhouseOutage().toSeconds() + " s");
      Thread.sleep(v.clickhouseOutage().toMillis());
      long failures = p.sinkMetrics().writeFailures();
      long rowsAtResume = p.sinkMetrics().totalRows();
      proxy.resume();
      long backAt = System.currentTimeMillis();
      env.log().accept("network to ClickHouse back; the sink saw " + failures + " failed inserts");
      p.producer().awaitPaced();
      long caughtUp = Settle.pipeline(p, records.size(), records.size(), v.settleTimeout());
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      Checks c =
          new Checks()
              .holds("the sink had written before the hang", writing)
              .everyEventOnce(traffic, l)
              .equal("raw rows in ClickHouse", l.clickhouse().rawRows(), records.size())
              .equal(
                  "requests in the request_volume_1h rollup",
                  l.clickhouse().volumeRequests(),
                  records.size())
              .holds("the sink is alive", p.sinkAlive());
      return ScenarioResult.of(
          name(),
          l,
          caughtUp > 0 ? Duration.ofMillis(Math.max(0, caughtUp - backAt)) : null,
          "hung " + v.clickhouseOutage().toSeconds() + " s; back -> sink caught up",
          c.problems(),
          List.of(
              "during the hang the sink counted "
                  + failures
                  + " failed inserts; "
                  + proxy.connections()
                  + " connections through the proxy; rows the sink had written at resume "
                  + rowsAtResume
                  + " of "
                  + p.sinkMetrics().totalRows()
                  + " (hang began "
                  + (backAt - hungAt) / 1000
                  + " s before)"));
    }
  }
}
