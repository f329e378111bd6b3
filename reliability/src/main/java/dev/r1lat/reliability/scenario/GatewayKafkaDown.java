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
import dev.r1lat.reliability.Prometheus;
import dev.r1lat.reliability.ReliabilityScenario;
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
public final class GatewayKafkaDown implements ReliabilityScenario {
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
      int metricsPort = p.streamsMetricsPort();
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
      for (RequestTiming t : traffic.events(0, traffic.total())) {
        long e = t.getEventTimeMs();
        expected.merge(e - Math.floorMod(e, Traffic.WINDOW_MS), 1L, Long::sum);
      }
      long posted = traffic.total();
      long refusals = answers.stream().filter(Answer::refused).count();
      long refusedEvents =
          answers.stream().filter(Answer::refused).mapToLong(a -> a.events().size()).sum();
      long slow =
          answers.stream().filter(a -> a.millis() > KAFKA_TIMEOUT.toMillis() + 2_000).count();
      long without = answers.stream().filter(a -> a.refused() && a.retryAfter() == null).count();
      long other = answers.stream().filter(a -> !a.refused() && a.status() != 202).count();
      long neverAccepted =
          viaGateway.size()
              - answers.stream()
                  .filter(a -> a.status() == 202)
                  .mapToLong(a -> a.events().size())
                  .sum();
      Settle.pipeline(p, posted, posted, v.settleTimeout());
      long dropped = (long) Math.max(0, Prometheus.sum(metricsPort, Retries.METRIC));
      Ledger l = Ledger.of(posted + dropped, 0, p).withDuplicatesDropped(dropped);
      Map<Long, Long> countedOrLate = new TreeMap<>(l.countedByWindow());
      l.lateByWindow().forEach((w, n) -> countedOrLate.merge(w, n, Long::sum));
      Checks c =
          new Checks()
              .holds("the gateway refused some requests while Kafka was down", refusals > 0)
              .equal("answers slower than gateway.kafka-timeout + 2 s", slow, 0)
              .equal("503 / 429 answers without Retry-After", without, 0)
              .equal("answers other than 202 / 503 / 429 (or none)", other, 0)
              .equal("events never answered 202 after 60 attempts", neverAccepted, 0)
              .windows("events counted or late", expected, countedOrLate)
              .equal("events counted + late", l.counted() + l.late(), posted)
              .equal("duplicate stats keys / letters", l.outputDuplicates(), 0)
              .sinkMirrorsTopic(l)
              .equal("raw request ids in ClickHouse", l.clickhouse().rawDistinct(), posted)
              .equal(
                  "raw rows in ClickHouse as FINAL reads them", l.clickhouse().rawFinal(), posted)
              .holds("the streams app is alive", streams.isAlive());
      long max = answers.stream().mapToLong(Answer::millis).max().orElse(0);
      return new ScenarioResult(
          name(),
          posted,
          l.counted() + l.late(),
          l.duplicates(),
          null,
          "-",
          l,
          c.problems(),
          List.of(
              answers.size()
                  + " requests for "
                  + (posted - direct)
                  + " events via the gateway: "
                  + refusals
                  + " answered 503/429 ("
                  + refusedEvents
                  + " events, each posted again after Retry-After), slowest answer "
                  + max
                  + " ms; "
                  + dropped
                  + " copies reached Kafka twice (a 503'd attempt that landed after all, and its"
                  + " retry) and were dropped as duplicates by the streams app"));
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
