package dev.r1lat.reliability;

import dev.r1lat.reliability.scenario.Backfill;
import dev.r1lat.reliability.scenario.BrokerRestart;
import dev.r1lat.reliability.scenario.ClickHouseHang;
import dev.r1lat.reliability.scenario.ClickHouseOutage;
import dev.r1lat.reliability.scenario.ClickHouseRejects;
import dev.r1lat.reliability.scenario.ClockSkew;
import dev.r1lat.reliability.scenario.ExtremeValues;
import dev.r1lat.reliability.scenario.GatewayKafkaDown;
import dev.r1lat.reliability.scenario.InstanceFailover;
import dev.r1lat.reliability.scenario.LateEvents;
import dev.r1lat.reliability.scenario.MalformedRecords;
import dev.r1lat.reliability.scenario.Retries;
import dev.r1lat.reliability.scenario.SinkKill;
import dev.r1lat.reliability.scenario.StreamsKill;
import dev.r1lat.reliability.scenario.StreamsKillAtRest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every scenario of issues 7 (1 to 7) and 11 (8 to 17), in the issues' order, runnable one after
 * another on one stack.
 */
public final class ReliabilitySuite {
  private ReliabilitySuite() {}

  public static List<ReliabilityScenario> all() {
    return List.of(
        new StreamsKill(),
        new StreamsKillAtRest(),
        new BrokerRestart(),
        new ClickHouseOutage(),
        new SinkKill(),
        new MalformedRecords(),
        new LateEvents(),
        new InstanceFailover(),
        new ClockSkew("8 clock 4 min fast, burst", Duration.ofMinutes(4), true),
        new ClockSkew("8b clock 4 min fast, trickle", Duration.ofMinutes(4), false),
        new ClockSkew("9 clock 1 h fast, burst", Duration.ofHours(1), true),
        new ClockSkew("9b clock 1 h fast, trickle", Duration.ofHours(1), false),
        new ExtremeValues(),
        MalformedRecords.poison(),
        new Backfill(),
        new ClickHouseRejects(),
        BrokerRestart.killed(),
        new ClickHouseHang(),
        new GatewayKafkaDown(),
        new Retries());
  }

  /** Scenarios whose number is in {@code ids} ("1,1b,5"); all of them when blank. */
  public static List<ReliabilityScenario> select(String ids) {
    if (ids == null || ids.isBlank()) {
      return all();
    }
    Set<String> wanted =
        Arrays.stream(ids.split(",")).map(String::trim).collect(Collectors.toSet());
    List<ReliabilityScenario> chosen =
        all().stream().filter(s -> wanted.contains(s.name().split(" ")[0])).toList();
    if (chosen.size() != wanted.size()) {
      throw new IllegalArgumentException("unknown scenario in '" + ids + "'; known: " + numbers());
    }
    return chosen;
  }

  public static String numbers() {
    return all().stream().map(s -> s.name().split(" ")[0]).collect(Collectors.joining(","));
  }

  /** Runs each scenario; one that throws is reported as failed and the next one still runs. */
  public static List<ScenarioResult> run(List<ReliabilityScenario> scenarios, ScenarioEnv env) {
    List<ScenarioResult> results = new ArrayList<>();
    for (ReliabilityScenario s : scenarios) {
      env.log().accept("scenario " + s.name() + " ...");
      long t0 = System.nanoTime();
      ScenarioResult r;
      try {
        r = s.run(env);
      } catch (Exception e) {
        r = ScenarioResult.failed(s.name(), e);
      }
      env.log()
          .accept(
              String.format(
                  "scenario %s: %s in %.0f s",
                  s.name(), r.passed() ? "passed" : "FAILED", (System.nanoTime() - t0) / 1e9));
      r.problems().forEach(p -> env.log().accept("  problem: " + p));
      results.add(r);
    }
    return results;
  }
}
