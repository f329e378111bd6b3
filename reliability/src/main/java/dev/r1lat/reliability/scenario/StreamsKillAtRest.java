package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.ReliabilityScenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import java.time.Duration;
import java.util.List;

/**
 * Scenario 1, second case: the streams app is SIGKILLed after it consumed the last input record but
 * before its last window closed (that window waits for the idle advance), and restarted. No further
 * input arrives, so the restarted task never processes a record: the open window must be rebuilt
 * anyway, or it closes empty.
 */
public final class StreamsKillAtRest implements ReliabilityScenario {
  /** Long enough that the kill surely lands before the idle advance closes the last window. */
  private static final String IDLE_ADVANCE = "20s";

  @Override
  public String name() {
    return "1b streams SIGKILL, input at rest";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "streams-kill-rest")) {
      p.streamsSetting("streams.idle-advance", IDLE_ADVANCE);
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", 3, v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      p.producer().sendAll(records);
      p.startSinkInProcess();
      ChildJvm first = p.startStreams("a");
      // every window but the last is final: the last one is open, in memory only
      boolean open =
          Settle.await(
              Duration.ofMinutes(2),
              () -> p.output().countedByWindow().size() == traffic.windows() - 1);
      long killedAt = System.currentTimeMillis();
      first.kill();
      env.log()
          .accept(
              "SIGKILLed streams instance a with windows final: " + p.output().countedByWindow());
      ChildJvm again = p.startStreams("a");
      ChildJvm.Line running = again.awaitRunning(killedAt, Duration.ofMinutes(2));
      Settle.pipeline(p, records.size(), records.size(), v.settleTimeout());
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      Checks c =
          new Checks()
              .holds("the kill landed while only the last window was open", open)
              .everyEventOnce(traffic, l);
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
