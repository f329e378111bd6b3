package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Malformations;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.OutputCollector.DeadLetter;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.Scenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import dev.r1lat.sink.SinkMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Issue 7, scenario 5: malformed records (10,000 by default, ten kinds) mixed evenly into valid
 * traffic. Every one must be on the dead-letter topic with a reason that names its problem and
 * where it came from; the valid events must come out exactly as without them: every one counted,
 * none late (a bad record must not move event time), exact counts per group and window. The sink
 * must agree with the streams app: none of the malformed records stored raw, all of them on the
 * sink's dead-letter topic.
 */
public final class MalformedRecords implements Scenario {
  @Override
  public String name() {
    return "5 malformed records mixed in";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "malformed")) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", v.windows(), v.perWindow());
      List<Outbound> bad =
          Malformations.records(p.prefix() + "bad-", v.malformed(), System.currentTimeMillis());
      List<Outbound> records = interleave(Flow.valid(traffic), bad);
      int total = records.size();
      // the same pace of valid events as the other scenarios: bad records come on top
      Flow.start(p, records, v, "a", v.ratePerSecond() * total / traffic.total());
      p.producer().awaitPaced();
      Settle.pipeline(p, total, traffic.total(), v.settleTimeout());
      Ledger l = Ledger.of(traffic.total(), bad.size(), p);
      Checks c =
          new Checks()
              .equal("input records acknowledged", p.producer().acked(), total)
              .everyEventOnce(traffic, l)
              .equal("dead letters", l.deadLettered(), bad.size())
              .equal("late events", l.late(), 0);
      checkDeadLetters(c, p.output().deadLetters().values(), v.malformed());
      ValidStats.check(c, traffic, p.output().stats());
      c.equal(
          "valid events in ClickHouse request_timings",
          p.warehouse().rawRowsWithPrefix(p.prefix() + "e-"),
          traffic.total());
      List<String> notes = checkSink(c, p, l, bad.size());
      return ScenarioResult.of(name(), l, null, "-", c.problems(), notes);
    }
  }

  /**
   * The sink applies the streams app's rules to the same records: it stores exactly the events the
   * streams app accepted (counted or late) and dead-letters every malformed record, under the same
   * reason class as the streams app.
   */
  private static List<String> checkSink(Checks c, Pipeline p, Ledger l, int malformed)
      throws InterruptedException {
    // the last records of the topic may be malformed ones: wait for the sink to have judged them
    Settle.await(Duration.ofSeconds(30), () -> p.sinkMetrics().deadLettered() >= malformed);
    SinkMetrics sink = p.sinkMetrics();
    c.equal(
        "ClickHouse request_timings rows = events the streams app accepted (counted + late)",
        l.clickhouse().rawRows(),
        l.counted() + l.late());
    c.equal(
        "malformed records stored in request_timings",
        p.warehouse().rawRowsWithPrefix(Malformations.REQUEST_ID_PREFIX),
        0);
    c.equal("malformed records dead-lettered by the sink", sink.deadLettered(), malformed);
    for (String reasonClass : List.of("undecodable", "invalid_field", "future_event_time")) {
      c.equal(
          "sink dead letters of reason class " + reasonClass,
          sink.deadLettered(reasonClass),
          Malformations.expected(reasonClass, malformed));
    }
    return List.of(
        "the sink dead-lettered "
            + sink.deadLettered()
            + " of the "
            + malformed
            + " malformed records "
            + sink.deadLetteredByReason()
            + " and stored the "
            + l.clickhouse().rawRows()
            + " events the streams app accepted");
  }

  /** Every kind fully there, each letter with a reason naming its problem and its source. */
  private static void checkDeadLetters(Checks c, Collection<DeadLetter> letters, int count) {
    for (Malformations.Kind kind : Malformations.KINDS) {
      List<DeadLetter> ofKind = letters.stream().filter(d -> kind.name().equals(d.kind())).toList();
      c.equal(
          "dead letters of kind " + kind.name(),
          ofKind.size(),
          Malformations.expected(kind, count));
      long unexplained =
          ofKind.stream()
              .filter(d -> d.reason() == null || !d.reason().contains(kind.reasonMentions()))
              .count();
      c.equal(
          "dead letters of kind "
              + kind.name()
              + " whose reason lacks '"
              + kind.reasonMentions()
              + "'",
          unexplained,
          0);
      c.equal(
          "dead letters of kind " + kind.name() + " without a source header",
          ofKind.stream().filter(d -> d.source() == null).count(),
          0);
    }
  }

  /** Bad records spread evenly among the valid ones, order of each list kept. */
  static List<Outbound> interleave(List<Outbound> valid, List<Outbound> bad) {
    List<Outbound> out = new ArrayList<>(valid.size() + bad.size());
    int b = 0;
    for (int i = 0; i < valid.size(); i++) {
      out.add(valid.get(i));
      long due = (long) (i + 1) * bad.size() / valid.size();
      while (b < due) {
        out.add(bad.get(b++));
      }
    }
    out.addAll(bad.subList(b, bad.size()));
    return out;
  }
}
