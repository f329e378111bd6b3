package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Letters.Letter;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.Scenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 11, findings 3 and 8: ClickHouse rejects a batch deterministically, the same way on every
 * retry. The scenario's raw table gets a CHECK constraint that the events of one host ({@code
 * srv-rejected}, one event in 97, valid by every event rule) violate, so every insert block that
 * holds one of them fails with VIOLATED_CONSTRAINT — as a block spanning more partitions than
 * {@code max_partitions_per_insert_block} would, but independent of batch sizes and dates. The sink
 * must not retry such a batch forever: it splits it, stores every row ClickHouse accepts,
 * dead-letters the rows it refuses with ClickHouse's error, and carries on. The streams app does
 * not write to ClickHouse and counts every event.
 */
public final class ClickHouseRejects implements Scenario {
  private static final int EVERY = 97;
  private static final String HOST = "srv-rejected";

  @Override
  public String name() {
    return "13 ClickHouse rejects a batch";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "clickhouse-rejects")) {
      p.warehouse().addRawConstraint("refuse_host", "ifNull(server_id, '') != '" + HOST + "'");
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", 4, v.perWindow());
      List<Outbound> records = new ArrayList<>();
      int refused = 0;
      for (int seq = 0; seq < traffic.total(); seq++) {
        RequestTiming t = traffic.event(seq);
        boolean refuse = seq % EVERY == EVERY / 2;
        if (refuse) {
          t.setServerId(HOST);
          refused++;
        }
        records.add(Outbound.event(t, refuse ? "clickhouse-refuses" : Outbound.VALID, null));
      }
      ChildJvm streams = Flow.start(p, records, v, "a");
      p.producer().awaitPaced();
      int stored = records.size() - refused;
      long caughtUp = Settle.pipeline(p, records.size(), stored, v.settleTimeout());
      int expectedRefused = refused;
      Settle.await(Duration.ofSeconds(30), () -> p.output().sinkDeadLettered() >= expectedRefused);
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      List<Letter> letters = p.output().sinkDeadLetters();
      Checks c =
          new Checks()
              .everyEventOnce(traffic, l)
              .holds("the sink caught up", caughtUp > 0)
              .equal("raw rows in ClickHouse", l.clickhouse().rawRows(), stored)
              .equal("the sink's dead letters", p.output().sinkDeadLettered(), refused)
              .equal(
                  "the sink's dead letters of the refused host",
                  letters.stream().filter(d -> "clickhouse-refuses".equals(d.kind())).count(),
                  refused)
              .equal(
                  "the sink's dead letters whose reason lacks ClickHouse's error (the constraint)",
                  letters.stream().filter(d -> !namesConstraint(d.reason())).count(),
                  0)
              .equal(
                  "requests in the request_volume_1h rollup",
                  l.clickhouse().volumeRequests(),
                  stored)
              .holds("the sink is alive", p.sinkAlive())
              .holds("the streams app is alive", streams.isAlive());
      return ScenarioResult.of(
          name(),
          l,
          null,
          "-",
          c.problems(),
          List.of(
              refused
                  + " events refused by ClickHouse (constraint), dead-lettered by the sink; "
                  + stored
                  + " stored; sink write failures "
                  + p.sinkMetrics().writeFailures()
                  + (letters.isEmpty() ? "" : "; first reason: " + letters.get(0).reason())));
    }
  }

  private static boolean namesConstraint(String reason) {
    return reason != null
        && (reason.contains("VIOLATED_CONSTRAINT") || reason.contains("refuse_host"));
  }
}
