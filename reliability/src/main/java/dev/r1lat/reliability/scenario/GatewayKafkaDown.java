package dev.r1lat.reliability.scenario;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.IngestSettings;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.ingest.gateway.IngestGateway;
import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.ChildJvm;
import dev.r1lat.reliability.GatewayLoad;
import dev.r1lat.reliability.GatewayLoad.Answer;
import dev.r1lat.reliability.Ledger;
import dev.r1lat.reliability.Outbound;
import dev.r1lat.reliability.Pipeline;
import dev.r1lat.reliability.Scenario;
import dev.r1lat.reliability.ScenarioEnv;
import dev.r1lat.reliability.ScenarioResult;
import dev.r1lat.reliability.Settle;
import dev.r1lat.reliability.Traffic;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 11, finding 6: clients post to the HTTP gateway while the Kafka broker is down (SIGKILLed,
 * restarted 15 s later). The gateway must answer every request within {@code gateway.kafka-timeout}
 * (5 s here, plus 2 s of slack for the machine), a refusal as 503 with {@code Retry-After}; and the
 * client's accounting must hold exactly: every event of a 202 is counted (or late) once, no event
 * of a 503 is counted or stored. Clients never retry here, so a 503'd event that reached Kafka
 * anyway would show.
 */
public final class GatewayKafkaDown implements Scenario {
  static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DOWN = Duration.ofSeconds(15);
  private static final int BATCH = 20;
  private static final int CLIENTS = 4;

  @Override
  public String name() {
    return "16 gateway while Kafka is down";
  }

  @Override
  public ScenarioResult run(ScenarioEnv env) throws Exception {
    ScenarioEnv.Volume v = env.volume();
    var stack = env.localStack();
    try (Pipeline p = Pipeline.create(env, "gateway-down")) {
      // four clients post concurrently: events arrive a few seconds out of order
      p.streamsSetting("streams.grace", "30s");
      Traffic traffic = Traffic.inThePast(p.prefix() + "e-", 4, v.perWindow());
      int direct = v.perWindow() / 2;
      List<Outbound> first = traffic.events(0, direct).stream().map(Outbound::valid).toList();
      ChildJvm streams = Flow.start(p, first, v, "a");
      // the outage is the gateway's; the streams app is up before it (a streams app that cannot
      // reach Kafka at start-up exits, which is another story)
      streams.awaitRunning(0, Duration.ofMinutes(2));
      List<RequestTiming> viaGateway = traffic.events(direct, traffic.total());
      List<Answer> answers;
      try (IngestGateway gateway = gateway(env, p).start()) {
        GatewayLoad load =
            new GatewayLoad(gateway.uri(), viaGateway, BATCH).start(CLIENTS, v.ratePerSecond());
        Settle.await(Duration.ofMinutes(1), () -> load.answered() >= load.batches() / 4);
        BrokerKill.kill(stack);
        env.log().accept("Kafka broker SIGKILLed; down for " + DOWN.toSeconds() + " s");
        Thread.sleep(DOWN.toMillis());
        stack.restartKafka();
        env.log().accept("Kafka broker restarted");
        answers = load.await();
      }
      Map<Long, Long> expected = new TreeMap<>();
      long accepted = direct;
      long refused = 0;
      for (int seq = 0; seq < direct; seq++) {
        expected.merge(traffic.windowStart(seq / traffic.perWindow()), 1L, Long::sum);
      }
      List<String> refusedIds = new java.util.ArrayList<>();
      long slow = 0;
      long without = 0;
      long other = 0;
      for (Answer a : answers) {
        slow += a.millis() > KAFKA_TIMEOUT.toMillis() + 2_000 ? 1 : 0;
        if (a.status() == 202) {
          accepted += a.events().size();
          for (RequestTiming t : a.events()) {
            long e = t.getEventTimeMs();
            expected.merge(e - Math.floorMod(e, Traffic.WINDOW_MS), 1L, Long::sum);
          }
        } else if (a.status() == 503 || a.status() == 429) {
          refused += a.events().size();
          without += a.retryAfter() == null ? 1 : 0;
          a.events().forEach(t -> refusedIds.add(t.getRequestId()));
        } else {
          other++;
        }
      }
      long acceptedTotal = accepted;
      Settle.pipeline(p, acceptedTotal, acceptedTotal, v.settleTimeout());
      Ledger l = Ledger.of(acceptedTotal, 0, p);
      Map<Long, Long> countedOrLate = new TreeMap<>(l.countedByWindow());
      l.lateByWindow().forEach((w, n) -> countedOrLate.merge(w, n, Long::sum));
      Checks c =
          new Checks()
              .holds("the gateway refused some requests while Kafka was down", refused > 0)
              .equal("answers slower than gateway.kafka-timeout + 2 s", slow, 0)
              .equal("503 / 429 answers without Retry-After", without, 0)
              .equal("answers other than 202 / 503 / 429 (or none)", other, 0)
              .windows("events counted or late (202'd only)", expected, countedOrLate)
              .equal("events counted + late", l.accounted(), acceptedTotal)
              .equal("duplicate stats keys / letters", l.outputDuplicates(), 0)
              .sinkMirrorsTopic(l)
              .equal(
                  "raw rows in ClickHouse = events answered 202",
                  l.clickhouse().rawRows(),
                  acceptedTotal)
              .equal(
                  "events answered 503 stored raw",
                  refusedIds.stream()
                      .filter(p.warehouse().rawIdsWithPrefix(p.prefix())::contains)
                      .count(),
                  0)
              .holds("the streams app is alive", streams.isAlive());
      long max = answers.stream().mapToLong(Answer::millis).max().orElse(0);
      long posted = direct + viaGateway.size();
      return new ScenarioResult(
          name(),
          posted,
          l.accounted() + refused,
          l.duplicates(),
          null,
          "-",
          l,
          c.problems(),
          List.of(
              answers.size()
                  + " requests: "
                  + (accepted - direct)
                  + " events answered 202, "
                  + refused
                  + " answered 503/429 (accounted as refused), slowest answer "
                  + max
                  + " ms"));
    }
  }

  private static IngestGateway gateway(ScenarioEnv env, Pipeline p) {
    Settings s =
        Settings.defaults(IngestSettings.KEYS)
            .with(
                Map.of(
                    IngestSettings.BOOTSTRAP_SERVERS.name(), env.endpoints().kafkaBootstrap(),
                    IngestSettings.TOPIC.name(), p.topics().requestTimings().name(),
                    IngestSettings.GATEWAY_KAFKA_TIMEOUT.name(), KAFKA_TIMEOUT.toSeconds() + "s"));
    // as ./r1lat gateway builds it (cli GatewayCommand)
    Map<String, Object> producer =
        KafkaProducerConfigs.reliable(
            s.get(IngestSettings.BOOTSTRAP_SERVERS),
            "r1lat-gateway",
            Duration.ofMillis(5),
            s.get(IngestSettings.PUBLISHER_BATCH_BYTES),
            s.get(IngestSettings.PUBLISHER_COMPRESSION),
            s.withPrefix("kafka."));
    return IngestGateway.create(GatewayConfig.fromSettings(s).withPort(0), producer);
  }
}
