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
 * Issue 7, scenario 1: the streams app is SIGKILLed mid-run, while traffic flows and windows are
 * open in its memory, and restarted on the same state folder. Its transaction since the last commit
 * is lost and its open windows are rebuilt by replay (streams-app/DESIGN.md); every event must
 * still be counted exactly once in the final window stats.
 */
public final class StreamsKill implements ReliabilityScenario {
  @Override
  public String name() {
    return "1 streams app SIGKILL + restart";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "streams-kill")) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", v.windows(), v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      ChildJvm first = Flow.start(p, records, v, "a");
      // mid-run: some windows final (so there is committed progress), others open in memory
      Flow.awaitMidRun(p, records.size() / 2);
      long killedAt = System.currentTimeMillis();
      first.kill();
      env.log().accept("SIGKILLed streams instance a after " + p.producer().sent() + " records");
      ChildJvm again = p.startStreams("a");
      ChildJvm.Line running = again.awaitRunning(killedAt, Duration.ofMinutes(2));
      p.producer().awaitPaced();
      Flow.Settled settled = Flow.settleValid(p, traffic, records.size(), v);
      Ledger l = settled.ledger();
      Checks c = settled.checks().holds("the restarted instance is still running", again.isAlive());
      return ScenarioResult.of(
          name(),
          l,
          Duration.ofMillis(running.atMs() - killedAt),
          "SIGKILL -> restarted instance RUNNING",
          c.problems(),
          List.of());
    }
  }
}
