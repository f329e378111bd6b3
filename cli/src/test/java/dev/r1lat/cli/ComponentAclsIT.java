package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.r1lat.anomaly.alert.AlertForwarder;
import dev.r1lat.anomaly.alert.AlertForwarding;
import dev.r1lat.anomaly.alert.AlertSettings;
import dev.r1lat.anomaly.alert.AnomalyFilter;
import dev.r1lat.anomaly.alert.SqlLink;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import dev.r1lat.stack.KafkaUserAcls;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.StackSecurity;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each component on the secured stack (StandardAuthorizer) as its own Kafka user holding only the
 * ACLs {@link ComponentAcls} derives, the ones the Strimzi KafkaUsers declare: the publisher writes
 * the input, the streams app turns it into statistics (with its group, transactional ids and
 * internal topics), the sink stores all three topics and dead-letters a poison record, the alert
 * forwarder reads the anomalies and dead-letters what its receiver refuses. Each logs in with the
 * settings file the stack writes for its user. {@link ComponentRefusalsIT} shows the refusals.
 */
class ComponentAclsIT {
  private static final long MINUTE = 60_000;
  private static final Topics TOPICS = Topics.defaults();
  private static LocalStack stack;
  private static StackSecurity security;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    stack = AclStack.get();
    security = stack.security();
  }

  @Test
  void shouldRunEveryComponentEndToEndWithOnlyItsOwnKafkaUser() throws Exception {
    try (Client admin = clickhouseAdmin()) {
      new Migrator(admin, SchemaOptions.singleNode("r1lat"), line -> {})
          .migrate(Migrations.bundled());
      int perWindow = 100;
      long t0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
      Settings streamsSettings =
          AclStack.as(
              ComponentAcls.STREAMS,
              Map.of("streams.state-dir", tmp.resolve("streams").toString()));
      AtomicReference<Throwable> sinkDied = new AtomicReference<>();
      try (StreamsApp app =
          StreamsApp.start(StreamsSettings.from(streamsSettings), TOPICS, System.out::println)) {
        assertThat(app.awaitRunning(Duration.ofSeconds(90))).isTrue();
        ThreeWindowTraffic.publish(
            AclStack.as(ComponentAcls.GATEWAY, Map.of()), "acl-", t0, perWindow);
        // a poison record, written by the all-rights user: the streams app and the sink each
        // dead-letter it into their own dead-letter topic
        sendAsSuperUser(
            TOPICS.requestTimings().name(), "not avro".getBytes(StandardCharsets.UTF_8));
        SinkRuntime sink = startSink();
        Thread loop = new Thread(sink.sink()::run, "sink");
        loop.setUncaughtExceptionHandler((t, e) -> sinkDied.set(e));
        loop.start();
        try {
          SuperUser.await(
              "every event and three final windows in ClickHouse, one dead letter each",
              Duration.ofSeconds(150),
              () ->
                  count(admin, "SELECT count() AS n FROM r1lat.request_timings") == 3L * perWindow
                      && count(admin, finalWindows()) == 3
                      && SuperUser.records(stack, TOPICS.requestTimingsDlq().name()) == 1
                      && SuperUser.records(stack, sinkDlq()) >= 1,
              () ->
                  count(admin, "SELECT count() AS n FROM r1lat.request_timings")
                      + " rows, "
                      + count(admin, finalWindows())
                      + " windows; streams in "
                      + app.metrics().count("r1lat_records_in_total")
                      + "; sink "
                      + sink.sink().metrics().summary()
                      + (sinkDied.get() == null ? "" : ", died: " + sinkDied.get()));
        } finally {
          sink.sink().stop();
          loop.join(30_000);
          sink.close();
        }
      }
      assertThat(sinkDied.get()).isNull();
      assertThat(count(admin, "SELECT sum(count) AS n FROM (" + finalWindows("count") + ")"))
          .isEqualTo(3L * perWindow);
    }
  }

  @Test
  void shouldForwardAnomaliesAndDeadLetterRefusedOnesAsTheAlertsUser() throws Exception {
    Settings settings =
        AclStack.as(
            ComponentAcls.ALERTS,
            Map.of("alerts.forward.initial-backoff", "200ms", "alerts.forward.max-backoff", "1s"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (InTestReceiver refusing = InTestReceiver.refusing()) {
      AtomicBoolean stopFlag = new AtomicBoolean();
      Future<AlertForwarder.Stats> result =
          pool.submit(
              () ->
                  AlertForwarding.run(
                      settings,
                      new AlertForwarding.Target(
                          AlertForwarding.Mode.WEBHOOK, URI.create(refusing.url())),
                      new SqlLink(stack.endpoints().clickhouseHttpUrl(), "r1lat"),
                      AnomalyFilter.all(),
                      stopFlag,
                      m -> System.out.println("[fwd] " + m)));
      LatencyAnomaly anomaly = AnomalyTopic.anomaly("acl", AnomalyState.OPEN, "eu-west", "H100");
      sendAsSuperUser(
          TOPICS.latencyAnomalies().name(),
          TOPICS.latencyAnomalies().valueSerde().serializer().serialize("", anomaly));
      String dlq = settings.get(AlertSettings.DLQ_TOPIC);
      byte[] sent = TOPICS.latencyAnomalies().valueSerde().serializer().serialize("", anomaly);
      // the streams app of the other test may have published anomalies too: look for this one
      SuperUser.await(
          "the refused anomaly in " + dlq,
          Duration.ofSeconds(90),
          () ->
              result.isDone()
                  || SuperUser.values(stack, dlq).stream().anyMatch(v -> Arrays.equals(v, sent)),
          () -> "posts " + refusing.posts.get());
      stopFlag.set(true);
      AlertForwarder.Stats stats = result.get();
      assertThat(stats.deadLettered()).isPositive();
      assertThat(stats.deadLettered()).isEqualTo(refusing.posts.get());
      assertThat(SuperUser.values(stack, dlq)).anyMatch(v -> Arrays.equals(v, sent));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldGiveEachUserExactlyItsDeclaredAclsAgainAfterARestart() throws Exception {
    List<KafkaUserAcls> declared = stack.kafkaUsers();
    assertThat(declared)
        .extracting(KafkaUserAcls::user)
        .containsExactly(
            ComponentAcls.GATEWAY, ComponentAcls.STREAMS, ComponentAcls.SINK, ComponentAcls.ALERTS);
    // a right granted by hand is taken away when the stack starts again
    SuperUser.grantWrite(stack, ComponentAcls.SINK, TOPICS.requestTimings().name());
    assertThat(SuperUser.bindingsOf(stack, ComponentAcls.SINK))
        .hasSize(declared.get(2).acls().size() + 1);
    stack.start();
    for (KafkaUserAcls user : declared) {
      assertThat(SuperUser.bindingsOf(stack, user.user()))
          .as(user.user())
          .containsExactlyInAnyOrderElementsOf(user.bindings());
    }
  }

  private static SinkRuntime startSink() {
    Settings settings = AclStack.as(ComponentAcls.SINK, Map.of());
    ClickHouseSettings writer =
        ClickHouseSettings.from(
            Settings.load(
                ConfigOptions.ALL_KEYS,
                null,
                Map.of(),
                Map.of(
                    "clickhouse.user",
                    StackSecurity.CLICKHOUSE_SINK_USER,
                    "clickhouse.password-file",
                    security.clickhousePasswordFile(StackSecurity.CLICKHOUSE_SINK_USER).toString(),
                    "clickhouse.url",
                    stack.endpoints().clickhouseHttpUrl())),
            stack.endpoints().clickhouseHttpUrl());
    return SinkRuntime.start(
        SinkSettings.from(settings, "unused").withBatching(2_000, Duration.ofMillis(300)), writer);
  }

  private static String sinkDlq() {
    return SinkSettings.DLQ_TOPIC.defaultValue();
  }

  /** A record written as the stack's all-rights user (r1lat, a super user). */
  private static void sendAsSuperUser(String topic, byte[] value) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            SuperUser.config(stack), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", value)).get();
    }
  }

  private static Client clickhouseAdmin() {
    return ClickHouseSettings.from(
            Settings.load(ConfigOptions.ALL_KEYS, security.clientConfigFile(), Map.of(), Map.of()),
            stack.endpoints().clickhouseHttpUrl())
        .withDatabase("default")
        .client();
  }

  private static String finalWindows() {
    return "SELECT count() AS n FROM (" + finalWindows("count") + ")";
  }

  private static String finalWindows(String column) {
    return "SELECT "
        + column
        + " FROM r1lat.latency_stats_1m"
        + " WHERE component = 'ttft' AND region = '*' AND tier = '*'";
  }

  private static long count(Client client, String sql) {
    return ClickHouseCalls.query(client, sql, Map.of()).get(0).getLong("n");
  }
}
