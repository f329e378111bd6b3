package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ReliabilityScenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Traffic;
import java.time.Duration;
import java.util.List;

/**
 * Issue 7, scenario 2: the Kafka broker (the only one: every partition leader, the transaction
 * coordinator, the group coordinator) is stopped and started again mid-run while the producer, the
 * streams app and the sink keep running. Nothing may be lost or doubled: the producer retries, the
 * streams app's open transaction is aborted and redone, the sink re-reads from its commits. Issue
 * 11, scenario 14: the same with the broker SIGKILLed instead of stopped.
 */
public final class BrokerRestart implements ReliabilityScenario {
  private final boolean kill;

  /** Scenario 2: the broker stopped cleanly (SIGTERM) and started again. */
  public BrokerRestart() {
    this(false);
  }

  private BrokerRestart(boolean kill) {
    this.kill = kill;
  }

  /**
   * Scenario 14 (issue 11): the broker SIGKILLed (no controlled shutdown, no log flush: it recovers
   * its logs at start) and started again.
   */
  public static BrokerRestart killed() {
    return new BrokerRestart(true);
  }

  @Override
  public String name() {
    return kill ? "14 Kafka broker SIGKILL + restart" : "2 Kafka broker restart";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    var stack = env.localStack();
    try (Pipeline p = Pipeline.create(env, kill ? "broker-kill" : "broker-restart")) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", v.windows(), v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      ChildJvm streams = Flow.start(p, records, v, "a");
      Flow.awaitMidRun(p, records.size() * 2L / 5);
      long stoppedAt = System.currentTimeMillis();
      if (kill) {
        BrokerKill.kill(stack);
      }
      stack.restartKafka();
      long backAt = System.currentTimeMillis();
      env.log().accept("Kafka broker restarted in " + (backAt - stoppedAt) + " ms");
      p.producer().awaitPaced();
      Flow.Settled settled = Flow.settleValid(p, traffic, records.size(), v);
      Ledger l = settled.ledger();
      long resumed = p.output().firstStatsAfter(backAt);
      Checks c =
          settled
              .checks()
              .equal(
                  "input records failed (first: " + p.producer().firstFailure() + ")",
                  p.producer().failed(),
                  0)
              .holds("the streams app survived the broker restart", streams.isAlive())
              .holds("final stats resumed after the restart", resumed > 0);
      return ScenarioResult.of(
          name(),
          l,
          resumed > 0 ? Duration.ofMillis(resumed - stoppedAt) : null,
          kill ? "broker SIGKILL -> next final stats" : "broker stop -> next final stats",
          c.problems(),
          List.of());
    }
  }
}
