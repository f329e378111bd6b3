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
import dev.r1lat.reliability.Warehouse;
import dev.r1lat.sink.OffsetIntent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Issue 7, scenario 4: the sink process is SIGKILLed after ClickHouse acknowledged an insert and
 * before the sink committed that batch's offsets. The worker announces the landed insert and
 * freezes; the scenario checks that the group's committed offset still carries the pending intent
 * of exactly that batch, kills, and starts a new sink process with another batch size. The new one
 * must replay the very same range (same dedup token): no duplicate rows, none in the rollup.
 */
public final class SinkKill implements ReliabilityScenario {
  private static final int PAUSE_AFTER_INSERT = 3;

  @Override
  public String name() {
    return "4 sink SIGKILL after insert";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    try (Pipeline p = Pipeline.create(env, "sink-kill")) {
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", v.windows(), v.perWindow());
      List<Outbound> records = Flow.valid(traffic);
      p.producer().sendAll(records);
      ChildJvm first = p.startSinkWorker("a", PAUSE_AFTER_INSERT, 1_000);
      String token =
          first
              .awaitLine(l -> l.startsWith("sink: paused after insert "), 0, Duration.ofMinutes(2))
              .text()
              .substring("sink: paused after insert ".length());
      long landed = p.warehouse().counts().rawRows();
      String intent = committedMetadata(env, p, token);
      long killedAt = System.currentTimeMillis();
      first.kill();
      env.log().accept("SIGKILLed the sink after insert " + token + " (" + landed + " rows in)");
      ChildJvm second = p.startSinkWorker("b", 0, 700);
      long restartedAt = System.currentTimeMillis();
      long caughtUp = Settle.sink(p, records.size(), Duration.ofMinutes(2));
      long firstInsert =
          second
              .awaitLine(l -> l.startsWith("sink: inserted "), restartedAt, Duration.ofSeconds(5))
              .atMs();
      second.stop();
      Ledger l = Ledger.of(p.producer().acked(), 0, p);
      Warehouse.Counts ch = l.clickhouse();
      Checks c =
          new Checks()
              .holds("rows of the paused insert were in ClickHouse at the kill", landed > 0)
              .holds(
                  "committed offset at the kill was '"
                      + intent
                      + "', expected the pending intent '"
                      + expectedIntent(token)
                      + "'",
                  expectedIntent(token).equals(intent))
              .equal("raw rows in ClickHouse", ch.rawRows(), records.size())
              .equal("distinct request ids in ClickHouse", ch.rawDistinct(), records.size())
              .equal(
                  "requests in the request_volume_1h rollup", ch.volumeRequests(), records.size());
      return new ScenarioResult(
          name(),
          l.eventsIn(),
          ch.rawDistinct(),
          ch.duplicates() + Math.max(0, ch.volumeRequests() - ch.rawDistinct()),
          caughtUp > 0 ? Duration.ofMillis(caughtUp - killedAt) : null,
          "SIGKILL -> new sink caught up",
          l,
          c.problems(),
          List.of(
              "the new sink's first insert came "
                  + (firstInsert - restartedAt) / 1000
                  + " s after its start: it gets partitions only once the killed member's"
                  + " session expires (kafka.session.timeout.ms=10000 here; the consumer default"
                  + " is 45 s)"));
    }
  }

  /**
   * The committed offset and metadata of the killed batch's partition, e.g. "1000 r1lat-sink/v1
   * pending=1999": the write-ahead note (sink/DESIGN.md) that makes the replay cut the same range.
   */
  private static String committedMetadata(ScenarioEnv env, Pipeline p, String token)
      throws Exception {
    String[] parts = token.split("/");
    TopicPartition tp =
        new TopicPartition(parts[parts.length - 3], Integer.parseInt(parts[parts.length - 2]));
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", env.endpoints().kafkaBootstrap()))) {
      OffsetAndMetadata m =
          admin
              .listConsumerGroupOffsets(p.sinkGroup())
              .partitionsToOffsetAndMetadata()
              .get()
              .get(tp);
      return m == null ? "none" : m.offset() + " " + m.metadata();
    }
  }

  /**
   * The batch's first offset, with the intent naming its last: "first r1lat-sink/v1 pending=last".
   */
  private static String expectedIntent(String token) {
    String[] parts = token.split("/");
    String[] range = parts[parts.length - 1].split("-");
    return range[0] + " " + OffsetIntent.pending(Long.parseLong(range[1]));
  }
}
