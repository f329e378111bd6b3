package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Letters.Letter;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ReliabilityScenario;
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
public final class ClickHouseRejects implements ReliabilityScenario {
  private static final int EVERY = 97;
  private static final String HOST = "srv-rejected";
  private static final int MAX_PARTITIONS = 3;
  private static final int BACKFILL_DAYS = 10;

  @Override
  public String name() {
    return "13 ClickHouse rejects a batch";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "clickhouse-rejects")) {
      p.warehouse().addRawConstraint("refuse_host", "ifNull(server_id, '') != '" + HOST + "'");
      p.sinkSetting("sink.max-partitions-per-insert", Integer.toString(MAX_PARTITIONS));
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
      Flow.awaitMidRun(p, records.size() / 2);
      List<Outbound> backfill = backfill(p.prefix() + "backfill-");
      p.producer().sendAll(backfill);
      p.producer().awaitPaced();
      int stored = records.size() - refused + backfill.size();
      int total = records.size() + backfill.size();
      long caughtUp = Settle.pipeline(p, total, stored, v.settleTimeout());
      int expectedRefused = refused;
      Settle.await(Duration.ofSeconds(30), () -> p.output().sinkDeadLettered() >= expectedRefused);
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      List<Letter> letters = p.output().sinkDeadLetters();
      Checks c =
          new Checks()
              .everyEventOnce(traffic, l)
              .equal("backfilled events late", l.late(), backfill.size())
              .equal(
                  "backfilled events stored (blocks over the partition limit split)",
                  p.warehouse().rawRowsWithPrefix(p.prefix() + "backfill-"),
                  backfill.size())
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
                  + " stored, "
                  + backfill.size()
                  + " of them backfilled over "
                  + BACKFILL_DAYS
                  + " daily partitions (sink.max-partitions-per-insert="
                  + MAX_PARTITIONS
                  + "); sink row errors "
                  + p.sinkMetrics().rowErrors()
                  + ", write failures "
                  + p.sinkMetrics().writeFailures()
                  + (letters.isEmpty() ? "" : "; first reason: " + letters.get(0).reason())));
    }
  }

  /**
   * One event per day over the last {@value #BACKFILL_DAYS} days (an hour off the day boundary),
   * sent at once: a block holding them spans more daily partitions than the sink's limit.
   */
  private static List<Outbound> backfill(String idPrefix) {
    long now = System.currentTimeMillis();
    List<Outbound> out = new ArrayList<>();
    for (int k = 0; k < BACKFILL_DAYS; k++) {
      long eventTime = now - k * 86_400_000L - 3_600_000L;
      out.add(Outbound.event(Traffic.timing(idPrefix + k, eventTime, k), "backfill", null));
    }
    return out;
  }

  private static boolean namesConstraint(String reason) {
    return reason != null
        && (reason.contains("VIOLATED_CONSTRAINT") || reason.contains("refuse_host"));
  }
}
