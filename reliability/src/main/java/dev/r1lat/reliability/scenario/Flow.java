package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Steps most scenarios share. */
final class Flow {
  private Flow() {}

  static List<Outbound> valid(Traffic traffic) {
    return traffic.events(0, traffic.total()).stream().map(Outbound::valid).toList();
  }

  /**
   * Publishes a first slice before the streams app starts and the rest paced after it. The first
   * slice matters: a partition that sees no input for {@code streams.idle-advance} after its task
   * starts advances its event time to the wall clock, which would close every (past) window of this
   * traffic at once (streams-app/DESIGN.md, "Windows that must close when input stops").
   */
  static ChildJvm start(Pipeline p, List<Outbound> records, ScenarioEnv.Volume v, String instance)
      throws IOException {
    return start(p, records, v, instance, v.ratePerSecond());
  }

  static ChildJvm start(
      Pipeline p, List<Outbound> records, ScenarioEnv.Volume v, String instance, int perSecond)
      throws IOException {
    return start(p, records, v, instance, perSecond, p.warehouse().settings().url());
  }

  /** The same with the sink reaching ClickHouse at {@code clickhouseUrl}. */
  static ChildJvm start(
      Pipeline p,
      List<Outbound> records,
      ScenarioEnv.Volume v,
      String instance,
      int perSecond,
      String clickhouseUrl)
      throws IOException {
    int backlog = Math.min(records.size(), v.perWindow() / 2);
    p.producer().sendAll(records.subList(0, backlog));
    p.startSinkInProcess(clickhouseUrl);
    ChildJvm streams = p.startStreams(instance);
    p.producer().sendPaced(records.subList(backlog, records.size()), perSecond);
    return streams;
  }

  /** Until the first final stats are out and at least {@code sent} records were published. */
  static void awaitMidRun(Pipeline p, long sent) throws InterruptedException {
    boolean ok =
        Settle.await(
            Duration.ofMinutes(2),
            () -> p.output().statsRecords() > 0 && p.producer().sent() >= sent);
    if (!ok) {
      throw new IllegalStateException(
          "no final window stats within 2 minutes of starting (stats "
              + p.output().statsRecords()
              + ", sent "
              + p.producer().sent()
              + ")");
    }
  }

  /** The ledger of a run whose input was all valid, and the checks every such run must pass. */
  record Settled(Ledger ledger, Checks checks) {}

  /**
   * Waits until all {@code records} (all valid) are through the pipeline, then checks that every
   * event was acknowledged, counted once in the statistics and stored once in ClickHouse.
   */
  static Settled settleValid(Pipeline p, Traffic traffic, int records, ScenarioEnv.Volume v)
      throws InterruptedException {
    Settle.pipeline(p, records, records, v.settleTimeout());
    Ledger l = Ledger.of(p.producer().acked(), 0, p);
    Checks c =
        new Checks()
            .equal("input records acknowledged", p.producer().acked(), records)
            .everyEventOnce(traffic, l)
            .equal("raw events in ClickHouse", l.clickhouse().rawDistinct(), records);
    return new Settled(l, c);
  }
}
