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
 * Issue 7, scenario 7: two streams instances (own JVMs, own state folders) share the partitions;
 * one is SIGKILLed mid-run. After its session expires the survivor takes its tasks over, rebuilds
 * their open windows by replay, and the totals must still be exact.
 */
public final class InstanceFailover implements ReliabilityScenario {
  @Override
  public String name() {
    return "7 two instances, one SIGKILLed";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "failover")) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", v.windows(), v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      int backlog = v.perWindow() / 2;
      p.producer().sendAll(records.subList(0, backlog));
      p.startSinkInProcess();
      long t0 = System.currentTimeMillis();
      ChildJvm a = p.startStreams("a");
      ChildJvm b = p.startStreams("b");
      a.awaitRunning(t0, Duration.ofMinutes(2));
      b.awaitRunning(t0, Duration.ofMinutes(2));
      p.producer().sendPaced(records.subList(backlog, records.size()), v.ratePerSecond());
      Flow.awaitMidRun(p, records.size() / 2);
      long killedAt = System.currentTimeMillis();
      a.kill();
      env.log().accept("SIGKILLed instance a after " + p.producer().sent() + " records");
      // the survivor notices when a's session expires, rebalances, and runs a's tasks too
      long rebalancing =
          b.awaitLine(l -> l.contains("RUNNING -> REBALANCING"), killedAt, Duration.ofMinutes(2))
              .atMs();
      ChildJvm.Line tookOver =
          b.awaitLine(
              l -> l.contains("REBALANCING -> RUNNING"), rebalancing, Duration.ofMinutes(2));
      p.producer().awaitPaced();
      Flow.Settled settled = Flow.settleValid(p, traffic, records.size(), v);
      Ledger l = settled.ledger();
      Checks c = settled.checks().holds("the surviving instance is still running", b.isAlive());
      return ScenarioResult.of(
          name(),
          l,
          Duration.ofMillis(tookOver.atMs() - killedAt),
          "SIGKILL -> survivor RUNNING with all tasks",
          c.problems(),
          List.of());
    }
  }
}
