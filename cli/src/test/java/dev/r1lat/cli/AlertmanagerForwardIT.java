package dev.r1lat.cli;

import static dev.r1lat.cli.AlertmanagerApi.labels;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.r1lat.anomaly.alert.AlertDeadLetters;
import dev.r1lat.anomaly.alert.AlertForwarder;
import dev.r1lat.anomaly.alert.AlertForwarding;
import dev.r1lat.anomaly.alert.AnomalyFilter;
import dev.r1lat.anomaly.alert.SqlLink;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.AlertmanagerInstall;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalAlertmanager;
import dev.r1lat.stack.StackBootstrap;
import dev.r1lat.stack.junit.RealStackExtension;
import dev.r1lat.streams.StreamsApp;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alerts forward --alertmanager} against a real Prometheus Alertmanager (Debian's package,
 * started by {@link LocalAlertmanager} on a free port) and a real broker: an anomaly raised by the
 * real topology shows firing, grouped by incident, then resolved; nothing is lost while
 * Alertmanager is down or across a forwarder restart; a 4xx goes to the alerts dead-letter topic.
 */
@ExtendWith(RealStackExtension.class)
class AlertmanagerForwardIT {
  private static LocalAlertmanager alertmanager;
  private static AlertmanagerApi api;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @TempDir Path temp;

  @BeforeAll
  static void startAlertmanager() throws Exception {
    AlertmanagerInstall install = AlertmanagerInstall.locate(m -> System.out.println("[am] " + m));
    Assumptions.assumeTrue(
        install.available(), "no Alertmanager for this test: " + install.unavailableReason());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    alertmanager =
        new LocalAlertmanager(
            install.binary(),
            Path.of("target", "it-alertmanager-" + UUID.randomUUID().toString().substring(0, 8)),
            port,
            ProcessHandle.current().pid());
    alertmanager.start(Duration.ofSeconds(60));
    api = new AlertmanagerApi(alertmanager.url());
  }

  @AfterAll
  static void stopAlertmanager() {
    if (alertmanager != null) {
      alertmanager.stop();
    }
  }

  @Test
  void shouldShowAnAnomalyOfTheTopologyFiringGroupedByIncidentThenResolved(Endpoints stack)
      throws Exception {
    String prefix = "it-am-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(stack.kafkaBootstrap(), topics, 3);
    TopologyTraffic.publish(stack, topics);
    try (InTestReceiver proxy = InTestReceiver.holdingResolved(alertmanager.url());
        StreamsApp app = TopologyTraffic.start(stack, prefix, topics, temp.resolve("streams"))) {
      Forwarding f = forward(stack, prefix, topics, proxy.url(), "60s");
      // the streams app raised and resolved it at both levels the test reads; the forwarder
      // delivered everything (RESOLVED held)
      AnomalyTopic.awaitResolved(
          stack, topics, List.of("us-east/H100", "us-east/*"), "p50", Duration.ofSeconds(180));
      AnomalyTopic.awaitCommitted(stack, topics, prefix + "forward", Duration.ofSeconds(60));
      List<JsonNode> firing = api.activeAlerts();
      System.out.println("[it] firing: " + firing.stream().map(a -> a.get("labels")).toList());

      JsonNode fault = alertOf(firing, "us-east", "H100", "p50");
      String incident = fault.at("/labels/incident").asText();
      List<JsonNode> ofIncident =
          firing.stream().filter(a -> a.at("/labels/incident").asText().equals(incident)).toList();
      // one fault, seen at the group levels that contain us-east/H100: one incident
      assertThat(ofIncident)
          .extracting(a -> a.at("/labels/region").asText() + "/" + a.at("/labels/tier").asText())
          .contains("us-east/H100", "us-east/*")
          .allMatch(g -> g.matches("(us-east|\\*)/(H100|\\*)"));
      assertThat(ofIncident).extracting(a -> a.at("/labels/metric").asText()).containsOnly("p50");
      assertThat(ofIncident)
          .allSatisfy(a -> assertThat(a.at("/status/state").asText()).isEqualTo("active"));
      // p99 is watched apart: its levels are one incident of their own
      List<String> p99Incidents =
          firing.stream()
              .filter(a -> a.at("/labels/metric").asText().equals("p99"))
              .map(a -> a.at("/labels/incident").asText())
              .distinct()
              .toList();
      assertThat(p99Incidents).hasSizeLessThanOrEqualTo(1).doesNotContain(incident);
      assertThat(fault.get("generatorURL").asText()).contains("latency_stats_1m");
      assertThat(fault.at("/annotations/reason").asText()).contains("ttft p50");
      assertThat(firing)
          .filteredOn(a -> !a.at("/labels/kind").asText().equals("TRAFFIC_DROP"))
          .extracting(a -> a.at("/labels/region").asText())
          .doesNotContain("eu-west");
      // Alertmanager groups by incident (route group_by: ['incident']): one group, all its levels
      assertThat(api.groups())
          .filteredOn(g -> g.at("/labels/incident").asText().equals(incident))
          .singleElement()
          .satisfies(g -> assertThat(g.get("alerts")).hasSize(ofIncident.size()));

      assertThat(proxy.releaseHeld()).isNotEmpty().containsOnly(200); // the RESOLVED posts
      List<String> ids = labels(ofIncident, "anomaly_id");
      List<JsonNode> after =
          api.awaitAlerts(
              a -> labels(a, "anomaly_id").stream().noneMatch(ids::contains),
              Duration.ofSeconds(30));
      // firing alerts carry endsAt = now + 4 min: gone this soon only because they were resolved
      assertThat(labels(after, "anomaly_id")).doesNotContainAnyElementsOf(ids);
      AlertForwarder.Stats stats = f.stop();
      assertThat(stats.deadLettered()).isZero();
    }
  }

  private static JsonNode alertOf(
      List<JsonNode> alerts, String region, String tier, String metric) {
    return alerts.stream()
        .filter(a -> a.at("/labels/component").asText().equals("ttft"))
        .filter(a -> a.at("/labels/metric").asText().equals(metric))
        .filter(a -> a.at("/labels/region").asText().equals(region))
        .filter(a -> a.at("/labels/tier").asText().equals(tier))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + region + "/" + tier + " alert in " + alerts));
  }

  @Test
  void shouldLoseNothingWhileAlertmanagerIsDownNorAcrossAForwarderRestart(Endpoints stack)
      throws Exception {
    String prefix = "it-down-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(stack.kafkaBootstrap(), topics, 3);
    Forwarding first = forward(stack, prefix, topics, alertmanager.url(), "2s");
    AnomalyTopic.publish(
        stack, topics, AnomalyTopic.anomaly("a", AnomalyState.OPEN, "us-east", "H100"));
    AnomalyTopic.publish(
        stack, topics, AnomalyTopic.anomaly("d", AnomalyState.OPEN, "ap-south", "A100"));
    api.awaitAlerts(a -> named(a).containsAll(List.of("a", "d")), Duration.ofSeconds(30));
    AnomalyTopic.publish(
        stack, topics, AnomalyTopic.anomaly("a", AnomalyState.RESOLVED, "us-east", "H100"));
    assertThat(named(api.awaitAlerts(a -> !named(a).contains("a"), Duration.ofSeconds(30))))
        .containsExactly("d");

    alertmanager.stop(); // Alertmanager keeps no alerts across a restart: all must be re-sent
    AnomalyTopic.publish(
        stack, topics, AnomalyTopic.anomaly("b", AnomalyState.OPEN, "eu-west", "L40S"));
    AnomalyTopic.publish(
        stack, topics, AnomalyTopic.anomaly("c", AnomalyState.OPEN, "us-west", "H200"));
    // the forwarder retries b against a closed port (-Dr1lat.it.alertmanager-down=120 for 2 min)
    Thread.sleep(Duration.ofSeconds(Long.getLong("r1lat.it.alertmanager-down", 5)).toMillis());
    AlertForwarder.Stats beforeRestart = first.stop(); // mid-retry: b is not committed
    assertThat(beforeRestart.retries()).isPositive();

    alertmanager.start(Duration.ofSeconds(60));
    Forwarding second = forward(stack, prefix, topics, alertmanager.url(), "2s");
    List<JsonNode> alerts =
        api.awaitAlerts(a -> named(a).containsAll(List.of("b", "c", "d")), Duration.ofSeconds(60));
    assertThat(named(alerts)).contains("b", "c", "d").doesNotContain("a");
    Thread.sleep(3_000); // re-posts: a resolved anomaly from the replay must not come back
    assertThat(named(api.activeAlerts())).contains("b", "c", "d").doesNotContain("a");
    AlertForwarder.Stats stats = second.stop();
    assertThat(stats.delivered()).isEqualTo(2); // b and c; d only re-posted from the replay
    assertThat(stats.reposts()).isPositive();
    assertThat(AnomalyTopic.committed(stack, prefix + "forward")).isEqualTo(5);
  }

  @Test
  void shouldDeadLetterWhatTheReceiverRefusesWithItsAnswer(Endpoints stack) throws Exception {
    String prefix = "it-dlq-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = Topics.withPrefix(prefix);
    StackBootstrap.createTopics(stack.kafkaBootstrap(), topics, 3);
    try (InTestReceiver refusing = InTestReceiver.refusing()) {
      Forwarding f = forward(stack, prefix, topics, refusing.url(), "60s");
      AnomalyTopic.publish(
          stack, topics, AnomalyTopic.anomaly("x", AnomalyState.OPEN, "us-east", "H100"));
      AnomalyTopic.publish(
          stack, topics, AnomalyTopic.anomaly("y", AnomalyState.OPEN, "eu-west", "A100"));
      List<ConsumerRecord<String, byte[]>> dead =
          AnomalyTopic.readDeadLetters(stack, prefix + "alerts.dlq", 2);
      AlertForwarder.Stats stats = f.stop();

      assertThat(dead).hasSize(2);
      for (ConsumerRecord<String, byte[]> r : dead) {
        assertThat(header(r, AlertDeadLetters.HTTP_STATUS)).isEqualTo("400");
        assertThat(header(r, AlertDeadLetters.HTTP_BODY)).isEqualTo(InTestReceiver.REFUSAL);
        assertThat(header(r, AlertDeadLetters.SOURCE_TOPIC))
            .isEqualTo(topics.latencyAnomalies().name());
        assertThat(r.value()).isNotEmpty();
      }
      assertThat(stats.deadLettered()).isEqualTo(2);
      assertThat(stats.delivered()).isZero();
      assertThat(refusing.posts.get()).isEqualTo(2); // refused once each, not retried
      assertThat(AnomalyTopic.committed(stack, prefix + "forward")).isEqualTo(2);
    }
  }

  /** A forwarder running in the background, as {@code alerts forward} runs it. */
  private record Forwarding(AtomicBoolean stopFlag, Future<AlertForwarder.Stats> result) {
    AlertForwarder.Stats stop() throws Exception {
      stopFlag.set(true);
      return result.get();
    }
  }

  private Forwarding forward(
      Endpoints stack, String prefix, Topics topics, String receiver, String repost) {
    Settings s =
        Settings.load(
            ConfigOptions.ALL_KEYS,
            null,
            Map.of(),
            Map.of(
                "kafka.bootstrap-servers",
                stack.kafkaBootstrap(),
                "alerts.topic",
                topics.latencyAnomalies().name(),
                "alerts.forward.group",
                prefix + "forward",
                "alerts.forward.dlq-topic",
                prefix + "alerts.dlq",
                "alerts.forward.repost-interval",
                repost,
                "alerts.forward.initial-backoff",
                "200ms",
                "alerts.forward.max-backoff",
                "1s",
                "alerts.forward.timeout",
                "30s"));
    AtomicBoolean stop = new AtomicBoolean();
    var target =
        new AlertForwarding.Target(AlertForwarding.Mode.ALERTMANAGER, URI.create(receiver));
    SqlLink link = new SqlLink(stack.clickhouseHttpUrl(), "r1lat");
    Future<AlertForwarder.Stats> result =
        pool.submit(
            () ->
                AlertForwarding.run(
                    s,
                    target,
                    link,
                    AnomalyFilter.all(),
                    stop,
                    m -> System.out.println("[fwd] " + m)));
    return new Forwarding(stop, result);
  }

  /** The test's own anomaly names, from their reasons ("it anomaly NAME"). */
  private static List<String> named(List<JsonNode> alerts) {
    return alerts.stream()
        .map(a -> a.at("/annotations/reason").asText())
        .filter(r -> r.startsWith("it anomaly "))
        .map(r -> r.substring("it anomaly ".length()))
        .toList();
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
