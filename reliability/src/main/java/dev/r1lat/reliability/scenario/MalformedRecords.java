package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Letters.Letter;
import dev.r1lat.reliability.Malformations;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ReliabilityScenario;
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
 * Bad records mixed evenly into valid traffic. Issue 7, scenario 5: 10,000 malformed records of ten
 * kinds. Issue 11, scenario 11: poison records of every decoder failure kind (a 2e9 string length
 * in 15 bytes, a negative length, huge union and enum indexes, a header without body, a truncated
 * body, an unknown fingerprint). Every bad record must be on the streams app's dead-letter topic
 * with a reason that names its problem and where it came from (or, for an event stamped too far
 * ahead, on its quarantine topic); the valid events must come out exactly as without them: every
 * one counted, none late (a bad record must not move event time), exact counts per group and
 * window. The sink must agree: none of the bad records stored raw, all of them on the sink's
 * dead-letter topic. Both apps stay up.
 */
public final class MalformedRecords implements ReliabilityScenario {
  private final String name;
  private final List<Malformations.Kind> kinds;
  private final int windows;

  private MalformedRecords(String name, List<Malformations.Kind> kinds, int windows) {
    this.name = name;
    this.kinds = kinds;
    this.windows = windows;
  }

  /** Scenario 5: ten kinds of malformed records, {@code volume().malformed()} of them. */
  public MalformedRecords() {
    this("5 malformed records mixed in", Malformations.KINDS, 0);
  }

  /** Scenario 11: poison records of every decoder failure kind, on three windows of traffic. */
  public static MalformedRecords poison() {
    return new MalformedRecords("11 poison records, each kind", Malformations.POISON, 3);
  }

  @Override
  public String name() {
    return name;
  }

  private int count(ScenarioEnv.Volume v) {
    return kinds == Malformations.KINDS ? v.malformed() : kinds.size() * 100;
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    int count = count(v);
    try (Pipeline p = Pipeline.create(env, name.startsWith("5") ? "malformed" : "poison")) {
      Traffic traffic =
          Traffic.inThePast(p.prefix() + "e-", windows > 0 ? windows : v.windows(), v.perWindow());
      List<Outbound> bad =
          Malformations.records(kinds, p.prefix() + "bad-", count, System.currentTimeMillis());
      List<Outbound> records = interleave(Flow.valid(traffic), bad);
      int total = records.size();
      // the same pace of valid events as the other scenarios: bad records come on top
      ChildJvm streams =
          Flow.start(p, records, v, "a", v.ratePerSecond() * total / traffic.total());
      p.producer().awaitPaced();
      Settle.pipeline(p, total, traffic.total(), v.settleTimeout());
      Ledger l = Ledger.of(traffic.total(), bad.size(), p);
      long quarantined = Malformations.quarantined(kinds, count);
      Checks c =
          new Checks()
              .equal("input records acknowledged", p.producer().acked(), total)
              .everyEventOnce(traffic, l)
              .equal("dead letters", l.deadLettered(), bad.size() - quarantined)
              .equal("quarantined", l.quarantined(), quarantined)
              .equal("late events", l.late(), 0)
              .holds("the streams app is alive", streams.isAlive())
              .holds("the sink is alive", p.sinkAlive());
      List<Letter> letters = new ArrayList<>(p.output().deadLetters());
      letters.addAll(p.output().quarantineLetters());
      checkLetters(c, letters, count, "the streams app's");
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
   * streams app accepted (counted or late) and dead-letters every bad record, under the same reason
   * class as the streams app.
   */
  private List<String> checkSink(Checks c, Pipeline p, Ledger l, int malformed)
      throws InterruptedException {
    // the last records of the topic may be malformed ones: wait for the sink to have judged them
    Settle.await(Duration.ofSeconds(30), () -> p.output().sinkDeadLettered() >= malformed);
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
    c.equal("records on the sink's dead-letter topic", p.output().sinkDeadLettered(), malformed);
    for (String reasonClass : List.of("undecodable", "invalid_field", "future_event_time")) {
      c.equal(
          "sink dead letters of reason class " + reasonClass,
          sink.deadLettered(reasonClass),
          Malformations.expected(kinds, reasonClass, malformed));
    }
    for (Malformations.Kind kind : kinds) {
      c.equal(
          "the sink's dead letters of kind " + kind.name(),
          p.output().sinkDeadLetters().stream().filter(d -> kind.name().equals(d.kind())).count(),
          Malformations.expected(kinds, kind, malformed));
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
  private void checkLetters(Checks c, Collection<Letter> letters, int count, String whose) {
    for (Malformations.Kind kind : kinds) {
      List<Letter> ofKind = letters.stream().filter(d -> kind.name().equals(d.kind())).toList();
      String what = whose + (kind.quarantined() ? " quarantined" : " dead letters");
      c.equal(
          what + " of kind " + kind.name(),
          ofKind.size(),
          Malformations.expected(kinds, kind, count));
      long unexplained =
          ofKind.stream()
              .filter(d -> d.reason() == null || !d.reason().contains(kind.reasonMentions()))
              .count();
      c.equal(
          what + " of kind " + kind.name() + " whose reason lacks '" + kind.reasonMentions() + "'",
          unexplained,
          0);
      c.equal(
          what + " of kind " + kind.name() + " without a source header",
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
