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
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 11, finding 1: one host's clock runs fast while every other producer is on time. Either a
 * burst (24 events at one moment, as in the issue) or a steady trickle (one event in 20 for 5 min)
 * from host {@code srv-skewed}, stamped 4 min or 1 h ahead of the time it is sent. On-time events
 * of every other producer must all be counted, in every window before and after the skewed ones
 * (the bug: one burst moved stream time ahead and sent every later event to the late topic). The
 * skewed events are accounted for: 4 min ahead is within {@code events.max-future-skew} (5 min), so
 * they are counted in their own future window; 1 h ahead is quarantined by the streams app (reason
 * "future event time") and dead-lettered by the sink, never stored.
 *
 * <p>The scenario plays the broker's clock ({@link Pipeline#brokerClockInThePast}): each record is
 * stamped with its send time in a timeline minutes in the past, so minutes of traffic take seconds
 * and the 4-min-fast events' windows close by event time like the others.
 */
public final class ClockSkew implements ReliabilityScenario {
  /** On-time traffic; the skewed host sends during the first {@value #SKEWED_WINDOWS} only. */
  private static final int WINDOWS = 10;

  private static final int SKEWED_WINDOWS = 5;
  private static final int BURST = 24;
  private static final int TRICKLE_EVERY = 20;
  private static final String HOST = "srv-skewed";

  private final String name;
  private final Duration skew;
  private final boolean burst;

  public ClockSkew(String name, Duration skew, boolean burst) {
    this.name = name;
    this.skew = skew;
    this.burst = burst;
  }

  @Override
  public String name() {
    return name;
  }

  /** Within events.max-future-skew: counted in its own window; beyond it: quarantined. */
  private boolean counted() {
    return skew.compareTo(Duration.ofMinutes(5)) < 0;
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    String tag = "skew-" + skew.toMinutes() + "m-" + (burst ? "burst" : "trickle");
    try (Pipeline p = Pipeline.create(env, tag).brokerClockInThePast()) {
      // on-time traffic goes on for 5 min after the skewed host stops, so that the windows of
      // 4-min-fast events close by event time like the others (the idle advance that closes
      // the last window moves from the last record's timestamp, which here lies in the past)
      Traffic traffic =
          Traffic.inThePast(p.prefix() + "e-", WINDOWS, Math.max(1, v.perWindow() / 2));
      List<RequestTiming> skewed = new ArrayList<>();
      List<Outbound> records = plan(traffic, p.prefix() + "skewed-", skewed);
      ChildJvm streams = Flow.start(p, records, v, "a");
      p.producer().awaitPaced();
      long expectedRaw = traffic.total() + (counted() ? skewed.size() : 0);
      Settle.pipeline(p, records.size(), expectedRaw, v.settleTimeout());
      if (!counted()) {
        Settle.await(Duration.ofSeconds(30), () -> p.output().sinkDeadLettered() >= skewed.size());
      }
      Ledger l = Ledger.of(records.size(), 0, p);
      Checks c =
          new Checks()
              .equal("input records acknowledged", p.producer().acked(), records.size())
              .windows("events counted", expectedCounted(traffic, skewed), l.countedByWindow())
              .equal("late events", l.late(), 0)
              .equal("dead letters", l.deadLettered(), 0)
              .equal("quarantined", l.quarantined(), counted() ? 0 : skewed.size())
              .equal(
                  "events counted + late + dead-lettered + quarantined",
                  l.accounted(),
                  l.eventsIn())
              .equal("duplicate stats keys / letters", l.outputDuplicates(), 0)
              .sinkMirrorsTopic(l)
              .equal("raw events in ClickHouse", l.clickhouse().rawRows(), expectedRaw)
              .equal(
                  "skewed events in ClickHouse",
                  p.warehouse().rawRowsWithPrefix(p.prefix() + "skewed-"),
                  counted() ? skewed.size() : 0)
              .equal(
                  "the sink's dead letters",
                  p.output().sinkDeadLettered(),
                  counted() ? 0 : skewed.size())
              .holds("the streams app is alive", streams.isAlive());
      if (!counted()) {
        long unexplained =
            p.output().quarantineLetters().stream()
                .map(Letter::reason)
                .filter(r -> r == null || !r.contains("future"))
                .count();
        c.equal("quarantined events whose reason does not say 'future'", unexplained, 0);
      }
      String fate = counted() ? "counted in their own windows" : "quarantined";
      return ScenarioResult.of(
          name,
          l,
          null,
          "-",
          c.problems(),
          List.of(
              skewed.size()
                  + " events "
                  + skew.toMinutes()
                  + " min ahead from "
                  + HOST
                  + ": "
                  + fate));
    }
  }

  /**
   * The on-time traffic in event-time order, each record sent at its event time; the skewed host's
   * events among them, each sent at the on-time moment it joins but stamped {@code skew} ahead: 24
   * at once in the second window (burst), or one after every 20th on-time event of the first five
   * windows (trickle).
   */
  private List<Outbound> plan(Traffic traffic, String idPrefix, List<RequestTiming> skewed) {
    List<Outbound> out = new ArrayList<>();
    int burstAt = traffic.perWindow() + traffic.perWindow() / 2;
    for (int seq = 0; seq < traffic.total(); seq++) {
      long sentAt = traffic.eventTime(seq);
      out.add(Outbound.event(traffic.event(seq), Outbound.VALID, sentAt));
      boolean sending = seq < SKEWED_WINDOWS * traffic.perWindow();
      int n = burst ? (seq == burstAt ? BURST : 0) : (sending && seq % TRICKLE_EVERY == 0 ? 1 : 0);
      for (int k = 0; k < n; k++) {
        int id = skewed.size();
        RequestTiming t = Traffic.timing(idPrefix + id, sentAt + skew.toMillis(), id);
        t.setServerId(HOST);
        skewed.add(t);
        out.add(Outbound.event(t, "skewed", sentAt));
      }
    }
    return out;
  }

  private Map<Long, Long> expectedCounted(Traffic traffic, List<RequestTiming> skewed) {
    Map<Long, Long> m = new TreeMap<>();
    for (int w = 0; w < traffic.windows(); w++) {
      m.put(traffic.windowStart(w), (long) traffic.perWindow());
    }
    if (counted()) {
      for (RequestTiming t : skewed) {
        long e = t.getEventTimeMs();
        m.merge(e - Math.floorMod(e, Traffic.WINDOW_MS), 1L, Long::sum);
      }
    }
    return m;
  }
}
