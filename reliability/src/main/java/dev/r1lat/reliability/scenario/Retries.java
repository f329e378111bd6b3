package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.Prometheus;
import dev.r1lat.reliability.ReliabilityScenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 11, finding 7: clients retry, and a retry repeats the request id. One request in ten is
 * sent again (the same record, same key) 30 records later, while its window is still open. The
 * streams app must count each request once (the copies dropped as duplicates, {@code
 * r1lat_duplicates_total}), and the raw table must hold each request id once as a query with FINAL
 * sees it. The hourly volume rollup is fed on insert and counts a retry as often as it was inserted
 * (sink/README, "Counting raw rows"): shown in the notes, not checked.
 */
public final class Retries implements ReliabilityScenario {
  private static final int EVERY = 10;
  private static final int DELAY = 30;
  static final String METRIC = "r1lat_duplicates_total";

  @Override
  public String name() {
    return "17 retried requests (same id)";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "retries")) {
      int metricsPort = p.streamsMetricsPort();
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", 4, v.perWindow());
      List<Outbound> records = withRetries(Flow.valid(traffic));
      int retries = records.size() - traffic.total();
      ChildJvm streams = Flow.start(p, records, v, "a");
      p.producer().awaitPaced();
      Settle.pipeline(p, records.size() - retries, traffic.total(), v.settleTimeout());
      double dropped = Prometheus.sum(metricsPort, METRIC);
      Ledger l = Ledger.of(records.size(), 0, p).withDuplicatesDropped((long) Math.max(0, dropped));
      Checks c =
          new Checks()
              .equal("input records acknowledged", p.producer().acked(), records.size())
              .everyEventOnce(traffic, l)
              .equal(
                  "retried copies dropped by the streams app (" + METRIC + ")",
                  (long) dropped,
                  retries)
              .equal("late events", l.late(), 0)
              .equal(
                  "raw request ids in ClickHouse (uniqExact)",
                  l.clickhouse().rawDistinct(),
                  traffic.total())
              .equal(
                  "raw rows in ClickHouse as FINAL reads them",
                  l.clickhouse().rawFinal(),
                  traffic.total())
              .holds("the streams app is alive", streams.isAlive());
      return ScenarioResult.of(
          name(),
          l,
          null,
          "-",
          c.problems(),
          List.of(
              retries
                  + " retried copies; the streams app dropped "
                  + (long) dropped
                  + "; raw rows as stored "
                  + l.clickhouse().rawRows()
                  + ", as FINAL reads them "
                  + l.clickhouse().rawFinal()
                  + "; the request_volume_1h rollup (fed on insert, sink/README) counts "
                  + l.clickhouse().volumeRequests()));
    }
  }

  /** Every 10th record sent a second time, 30 records after the first. */
  static List<Outbound> withRetries(List<Outbound> valid) {
    List<Outbound> out = new ArrayList<>();
    for (int i = 0; i < valid.size(); i++) {
      out.add(valid.get(i));
      int original = i - DELAY;
      if (original >= 0 && original % EVERY == 0) {
        out.add(valid.get(original));
      }
    }
    // the last ones retried at once, still within their open window
    for (int original = Math.max(0, valid.size() - DELAY); original < valid.size(); original++) {
      if (original % EVERY == 0) {
        out.add(valid.get(original));
      }
    }
    return out;
  }
}
