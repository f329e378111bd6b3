package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.sink.SinkRuntime;
import dev.r1lat.sink.SinkSettings;
import dev.r1lat.sink.schema.Migration;
import dev.r1lat.sink.schema.Migrations;
import dev.r1lat.sink.schema.Migrator;
import dev.r1lat.sink.schema.SchemaOptions;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.StackSecurity;
import dev.r1lat.stack.junit.SecureTestStack;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a secured stack, configured the way an operator would: the publisher, the streams
 * app (with its replay consumer and admin calls) and the sink all reach Kafka over SASL_SSL as a
 * SCRAM-SHA-512 user purely through {@code kafka.*} settings from a file; the sink writes to
 * ClickHouse as the {@code sink} user (role r1lat_writer) with its password read from a file; the
 * CLI's Kafka and SQL commands work with the same settings and fail with wrong ones.
 */
class SecurePipelineIT {
  private static final long MINUTE = 60_000;
  private static LocalStack stack;
  private static StackSecurity security;
  private static Path clientConfig;

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    stack = SecureTestStack.start(Topics.defaults());
    security = stack.security();
    clientConfig = security.clientConfigFile();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.stop();
    }
  }

  @Test
  void shouldRunPublisherStreamsAndSinkEndToEndOverSaslSsl() throws Exception {
    Settings settings = settings(Map.of(), Map.of("streams.state-dir", tmp.resolve("streams")));
    assertThat(KafkaClientConfigs.overrides(settings))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    ClickHouseSettings admin = ClickHouseSettings.from(settings, clickhouseUrl());
    assertThat(admin.user()).isEqualTo(StackSecurity.CLICKHOUSE_ADMIN_USER);
    try (Client adminClient = admin.withDatabase("default").client()) {
      Migrator.Outcome migrated =
          new Migrator(adminClient, SchemaOptions.singleNode("r1lat"), line -> {})
              .migrate(Migrations.bundled());
      // the roles come from the stack's users.xml: this engine cannot store SQL-created ones
      assertThat(migrated.skipped()).anyMatch(s -> s.startsWith("V007__roles.sql"));

      // the sink logs in as the writer, its password from a file named in the environment
      ClickHouseSettings writer =
          ClickHouseSettings.from(
              settings(
                  Map.of(
                      "R1LAT_CLICKHOUSE_USER",
                      StackSecurity.CLICKHOUSE_SINK_USER,
                      "R1LAT_CLICKHOUSE_PASSWORD_FILE",
                      security
                          .clickhousePasswordFile(StackSecurity.CLICKHOUSE_SINK_USER)
                          .toString()),
                  Map.of()),
              clickhouseUrl());
      assertThat(writer.password()).isEqualTo(security.clickhousePassword("sink"));
      assertThat(writer.toString()).doesNotContain(writer.password());

      int perWindow = 200;
      long t0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
      AtomicReference<Throwable> sinkDied = new AtomicReference<>();
      try (StreamsApp app =
          StreamsApp.start(
              StreamsSettings.from(settings), Topics.defaults(), System.out::println)) {
        assertThat(app.awaitRunning(Duration.ofSeconds(90))).isTrue();
        ThreeWindowTraffic.publish(settings, "secure-", t0, perWindow);
        SinkRuntime sink =
            SinkRuntime.start(
                SinkSettings.from(settings, "unused").withBatching(2_000, Duration.ofMillis(300)),
                writer);
        Thread loop = new Thread(sink.sink()::run, "sink");
        loop.setUncaughtExceptionHandler((t, e) -> sinkDied.set(e));
        loop.start();
        try {
          await(
              "every event and three final windows in ClickHouse",
              Duration.ofSeconds(150),
              () ->
                  count(adminClient, "SELECT count() AS n FROM r1lat.request_timings")
                          == 3L * perWindow
                      && count(adminClient, totalsOfAllGroups("count()")) == 3,
              () -> progress(adminClient, app, sink, sinkDied, settings));
        } finally {
          sink.sink().stop();
          loop.join(30_000);
          sink.close();
        }
      }
      assertThat(sinkDied.get()).isNull();
      assertThat(count(adminClient, totalsOfAllGroups("sum(count)"))).isEqualTo(3L * perWindow);
      assertThat(count(adminClient, "SELECT uniqExact(request_id) AS n FROM r1lat.request_timings"))
          .isEqualTo(3L * perWindow);
    }
  }

  @Test
  void shouldDeclareTheSameRolesAsTheV007Migration() throws Exception {
    Migration roles =
        Migrations.bundled().stream()
            .filter(m -> m.fileName().equals("V007__roles.sql"))
            .findFirst()
            .orElseThrow();
    List<String> grants =
        Migrator.render(roles, SchemaOptions.singleNode("r1lat")).stream()
            .filter(sql -> sql.startsWith("GRANT"))
            .map(SecurePipelineIT::normalized)
            .toList();
    assertThat(grants).hasSize(2);
    try (Client admin = adminClient()) {
      for (String role : List.of("r1lat_writer", "r1lat_analyst")) {
        // role names are our own constants, not input
        var shown = ClickHouseCalls.query(admin, "SHOW GRANTS FOR " + role, Map.of());
        assertThat(shown).hasSize(1);
        assertThat(grants).contains(normalized(shown.get(0).getString(1)));
      }
    }
  }

  @Test
  void shouldRunTheKafkaCommandsWithTheSettingsFileAndFailWithAWrongPassword() throws Exception {
    String port = "stack.kafka.port=" + stack.settings().kafkaPort();
    Path wrong = withWrongKafkaPassword(tmp.resolve("wrong.properties"));
    String good = clientConfig.toString();

    String[] topics = {"--", "--describe", "--topic", "r1.request-timings"};
    assertThat(cli(List.of("kafka-topics", "--config", good, "--set", port), topics)).isZero();
    assertThat(cli(List.of("kafka-topics", "--config", wrong.toString(), "--set", port), topics))
        .isNotZero();

    String[] tail = {"--from-beginning", "--idle-exit", "2"};
    assertThat(cli(List.of("alerts", "tail", "--config", good, "--set", port), tail)).isZero();
    assertThat(cli(List.of("alerts", "tail", "--config", wrong.toString(), "--set", port), tail))
        .isEqualTo(Main.EXIT_FAILED);
  }

  @Test
  void shouldLetTheAnalystQueryButNotWriteThroughTheSqlCommand() throws Exception {
    Path analyst = tmp.resolve("analyst.properties");
    Files.writeString(
        analyst,
        "clickhouse.url="
            + clickhouseUrl()
            + "\nclickhouse.user=analyst\nclickhouse.password-file="
            + security.clickhousePasswordFile(StackSecurity.CLICKHOUSE_ANALYST_USER)
            + "\n");
    try (Client admin = adminClient()) {
      ClickHouseCalls.execute(
          admin, "CREATE TABLE IF NOT EXISTS r1lat.cli_it (x UInt8) ENGINE = MergeTree ORDER BY x");
    }
    String config = analyst.toString();
    assertThat(cli("sql", "--config", config, "SELECT count() FROM r1lat.cli_it")).isZero();
    assertThat(cli("sql", "--config", config, "INSERT INTO r1lat.cli_it VALUES (1)"))
        .isEqualTo(Main.EXIT_FAILED);
    assertThat(cli("sql", "--config", config, "DROP TABLE r1lat.cli_it"))
        .isEqualTo(Main.EXIT_FAILED);
    // a secret on the command line is refused before anything connects
    assertThat(cli("sql", "--set", "clickhouse.password=visible-in-ps", "SELECT 1"))
        .isEqualTo(Main.EXIT_USAGE);
  }

  /** The settings ./r1lat would load with --config client.properties and this environment. */
  private static Settings settings(Map<String, String> env, Map<String, Object> flags) {
    Map<String, String> f = new HashMap<>();
    flags.forEach((k, v) -> f.put(k, v.toString()));
    f.put("streams.idle-advance", "3s");
    f.put("streams.grace", "2s");
    f.put("streams.metrics-port", "0");
    f.put("clickhouse.url", clickhouseUrl());
    return Settings.load(ConfigOptions.ALL_KEYS, clientConfig, env, f);
  }

  /** Where the pipeline stands, for a timeout's message. */
  private static String progress(
      Client ch, StreamsApp app, SinkRuntime sink, AtomicReference<Throwable> died, Settings s) {
    return count(ch, "SELECT count() AS n FROM r1lat.request_timings")
        + " rows, "
        + count(ch, totalsOfAllGroups("count()"))
        + " windows; streams in "
        + app.metrics().count("r1lat_records_in_total")
        + ", out "
        + app.metrics().count("r1lat_window_stats_out_total")
        + ", late "
        + app.metrics().count("r1lat_records_late_total")
        + "; sink "
        + sink.sink().metrics().summary()
        + (died.get() == null ? "" : ", died: " + died.get())
        + "; input end offsets "
        + endOffsets(s);
  }

  private static String endOffsets(Settings settings) {
    String topic = Topics.defaults().requestTimings().name();
    try (var consumer =
        new KafkaConsumer<>(
            KafkaClientConfigs.base(settings),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      return consumer
          .endOffsets(
              consumer.partitionsFor(topic).stream()
                  .map(p -> new TopicPartition(topic, p.partition()))
                  .toList())
          .toString();
    }
  }

  private static String clickhouseUrl() {
    return stack.endpoints().clickhouseHttpUrl();
  }

  private static Client adminClient() {
    return ClickHouseSettings.from(settings(Map.of(), Map.of()), clickhouseUrl())
        .withDatabase("default")
        .client();
  }

  private static String totalsOfAllGroups(String aggregate) {
    return "SELECT "
        + aggregate
        + " AS n FROM r1lat.latency_stats_1m"
        + " WHERE component = 'ttft' AND region = '*' AND tier = '*'";
  }

  private static long count(Client client, String sql) {
    return ClickHouseCalls.query(client, sql, Map.of()).get(0).getLong("n");
  }

  private static String normalized(String grant) {
    return grant.replaceAll("\\s+", " ").trim();
  }

  private static int cli(String... args) {
    return Main.commandLine().execute(args);
  }

  private static int cli(List<String> head, String... tail) {
    List<String> args = new ArrayList<>(head);
    args.addAll(List.of(tail));
    return cli(args.toArray(new String[0]));
  }

  /** The stack's client settings with the app user's password replaced. */
  private static Path withWrongKafkaPassword(Path file) throws Exception {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(clientConfig)) {
      p.load(in);
    }
    String jaas = p.getProperty("kafka.sasl.jaas.config");
    String real = jaas.replaceAll(".*password=\"([^\"]+)\".*", "$1");
    assertThat(real).isNotBlank().isNotEqualTo(jaas);
    p.setProperty("kafka.sasl.jaas.config", jaas.replace(real, "wrong-" + real));
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, null);
    }
    return file;
  }

  private static void await(
      String what, Duration max, BooleanSupplier done, java.util.function.Supplier<String> progress)
      throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ": " + progress.get());
      }
      Thread.sleep(500);
    }
  }
}
