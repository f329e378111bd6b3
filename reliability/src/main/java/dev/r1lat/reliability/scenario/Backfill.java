package dev.r1lat.reliability.scenario;

import dev.r1lat.config.CommonKeys;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 11, finding 3: a backfill job sends 101 events, one per day over the last 101 days, into
 * normal traffic. Every accepted event must be stored or accounted for: the ones within {@code
 * events.max-age} (14 days) are late for the streams app and stored raw by the sink; older ones are
 * quarantined by the streams app and dead-lettered by the sink, both with the reason {@code
 * too_old} (before the fix the raw table's 30-day TTL dropped 72 of them at insert, counted
 * nowhere). The normal traffic is counted exactly as without the backfill.
 */
public final class Backfill implements ReliabilityScenario {
  static final int DAYS = 101;
  private static final long DAY_MS = 86_400_000L;
  private static final long HOUR_MS = 3_600_000L;

  @Override
  public String name() {
    return "12 backfill of 101 days";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    long maxAge = CommonKeys.MAX_AGE.parser().apply(CommonKeys.MAX_AGE.defaultValue()).toMillis();
    try (Pipeline p = Pipeline.create(env, "backfill")) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", 4, v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      ChildJvm streams = Flow.start(p, records, v, "a");
      Flow.awaitMidRun(p, records.size() / 2);
      // an hour off the day boundaries, so that the age limit never falls on an event
      long now = System.currentTimeMillis();
      List<Outbound> backfill = new ArrayList<>();
      int tooOld = 0;
      for (int k = 0; k < DAYS; k++) {
        long eventTime = now - k * DAY_MS - HOUR_MS;
        backfill.add(
            Outbound.event(
                Traffic.timing(p.prefix() + "backfill-" + k, eventTime, k), "backfill", null));
        tooOld += k * DAY_MS + HOUR_MS > maxAge ? 1 : 0;
      }
      p.producer().sendAll(backfill);
      p.producer().awaitPaced();
      int total = records.size() + DAYS;
      int stored = traffic.total() + DAYS - tooOld;
      Settle.pipeline(p, total, stored, v.settleTimeout());
      int expectedTooOld = tooOld;
      Settle.await(Duration.ofSeconds(30), () -> p.output().sinkDeadLettered() >= expectedTooOld);
      Ledger l = Ledger.of(total, 0, p);
      Checks c =
          new Checks()
              .equal("input records acknowledged", p.producer().acked(), total)
              .everyEventOnce(traffic, l)
              .equal("backfilled events late", l.late(), DAYS - tooOld)
              .equal("backfilled events quarantined as too old", l.quarantined(), tooOld)
              .equal("dead letters", l.deadLettered(), 0)
              .equal("raw events in ClickHouse", l.clickhouse().rawRows(), stored)
              .equal(
                  "backfilled events stored raw",
                  p.warehouse().rawRowsWithPrefix(p.prefix() + "backfill-"),
                  DAYS - tooOld)
              .equal("the sink's dead letters (too old)", p.output().sinkDeadLettered(), tooOld)
              .equal(
                  "the sink's too_old dead letters",
                  p.sinkMetrics().deadLettered("too_old"),
                  tooOld)
              .holds("the streams app is alive", streams.isAlive());
      reasons(c, "quarantined", p.output().quarantineLetters());
      reasons(c, "the sink's dead letters", p.output().sinkDeadLetters());
      return ScenarioResult.of(
          name(),
          l,
          null,
          "-",
          c.problems(),
          List.of(
              (DAYS - tooOld)
                  + " backfilled events within events.max-age stored (late for the stats), "
                  + tooOld
                  + " older ones quarantined and dead-lettered as too_old"));
    }
  }

  private static void reasons(Checks c, String what, List<Letter> letters) {
    long unexplained =
        letters.stream()
            .map(Letter::reason)
            .filter(r -> r == null || !(r.contains("max-age") || r.contains("too_old")))
            .count();
    c.equal(what + " whose reason does not name events.max-age / too_old", unexplained, 0);
  }
}
