package dev.r1lat.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.junit.SecureTestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The secured local stack: Kafka on SASL_SSL with SCRAM-SHA-512 users (TLS from a generated CA),
 * ClickHouse with password-protected users and the r1lat roles. Refusals are as real as the
 * successes: no credentials, a wrong password, an unknown user, an untrusted certificate.
 */
class SecureStackIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalStack stack;
  private static StackSecurity security;
  private static String bootstrap;

  @BeforeAll
  static void start() {
    stack = SecureTestStack.start(Topics.defaults());
    security = stack.security();
    bootstrap = stack.endpoints().kafkaBootstrap();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.stop();
    }
  }

  @Test
  void shouldRefuseAClientThatSpeaksPlaintext() {
    assertThat(listTopicsFailure(Map.of())).isInstanceOf(TimeoutException.class);
  }

  @Test
  void shouldRefuseAWrongPassword() {
    var settings = security.kafkaClientSettings(StackSecurity.KAFKA_APP_USER, "not-the-password");
    assertThat(listTopicsFailure(settings)).isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void shouldRefuseAnUnknownUser() {
    var settings =
        security.kafkaClientSettings("mallory", appPassword()); // a real password, wrong user
    assertThat(listTopicsFailure(settings)).isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void shouldRefuseWhenTheClientDoesNotTrustTheGeneratedCa() {
    Map<String, String> settings = new HashMap<>(security.kafkaClientSettings());
    settings.keySet().removeIf(k -> k.startsWith("ssl.truststore"));
    assertThat(listTopicsFailure(settings)).isInstanceOf(SslAuthenticationException.class);
  }

  @Test
  void shouldProduceAndConsumeAsTheAppUserWithoutLoggingItsPassword() throws Exception {
    String topic = "secure-it-" + UUID.randomUUID();
    List<ILoggingEvent> logged = captureKafkaLogs();
    Map<String, Object> config = KafkaClientConfigs.base(bootstrap, security.kafkaClientSettings());
    assertThat(config).containsEntry("security.protocol", "SASL_SSL");
    try (Admin admin = Admin.create(config)) {
      admin
          .createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> producerConfig = new HashMap<>(config);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 200; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
      }
    }
    Map<String, Object> consumerConfig = new HashMap<>(config);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "secure-it");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (values.size() < 200 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      }
    } finally {
      stopCapturing();
    }

    assertThat(values).hasSize(200).contains("v0", "v199");
    // the clients did log their configuration, with the secrets hidden
    assertThat(logged)
        .anyMatch(e -> e.getFormattedMessage().contains("sasl.jaas.config = [hidden]"));
    assertThat(logged).noneMatch(e -> e.getFormattedMessage().contains(appPassword()));
  }

  @Test
  void shouldKeepEveryGeneratedPasswordOutOfTheServiceLogs() throws IOException {
    Properties credentials = new Properties();
    Path state = stack.settings().stateDir();
    try (var in = Files.newBufferedReader(state.resolve("security/credentials.properties"))) {
      credentials.load(in);
    }
    assertThat(credentials).hasSizeGreaterThanOrEqualTo(6);
    List<Path> logs;
    try (Stream<Path> files = Files.walk(state)) {
      logs = files.filter(p -> p.toString().endsWith(".log")).toList();
    }
    assertThat(logs).isNotEmpty();
    for (Path log : logs) {
      String text = Files.readString(log, StandardCharsets.ISO_8859_1); // any bytes
      credentials.values().forEach(pw -> assertThat(text).doesNotContain(pw.toString()));
    }
    assertThat(Files.getPosixFilePermissions(state.resolve("security/credentials.properties")))
        .isEqualTo(StackCredentials.OWNER_ONLY);
    assertThat(Files.getPosixFilePermissions(state.resolve("kafka/server.properties")))
        .isEqualTo(StackCredentials.OWNER_ONLY);
  }

  @Test
  void shouldRefuseClickHouseLoginsWithoutTheRightPassword() throws Exception {
    var wrong = sql(StackSecurity.CLICKHOUSE_ADMIN_USER, "not-the-password", "SELECT 1");
    assertThat(wrong.statusCode()).isNotEqualTo(200);
    assertThat(wrong.body()).contains("AUTHENTICATION_FAILED");

    // the engine's own password-less user reaches no data and creates nothing
    var anonymous = sql(null, null, "CREATE TABLE r1lat.anon (x UInt8) ENGINE = Memory");
    assertThat(anonymous.body()).contains("ACCESS_DENIED");
  }

  @Test
  void shouldLetTheWriterInsertAndTheAnalystOnlyRead() throws Exception {
    String admin = StackSecurity.CLICKHOUSE_ADMIN_USER;
    String sink = StackSecurity.CLICKHOUSE_SINK_USER;
    String analyst = StackSecurity.CLICKHOUSE_ANALYST_USER;
    ok(
        admin,
        "CREATE TABLE r1lat.roles_it (id UInt32, region String) ENGINE = MergeTree ORDER BY id");

    ok(sink, "INSERT INTO r1lat.roles_it VALUES (1, 'eu-west'), (2, 'us-east')");
    assertThat(ok(analyst, "SELECT count() FROM r1lat.roles_it").trim()).isEqualTo("2");
    assertThat(ok(analyst, "SELECT currentRoles()").trim()).isEqualTo("['r1lat_analyst']");
    assertThat(ok(sink, "SELECT currentRoles()").trim()).isEqualTo("['r1lat_writer']");

    assertThat(denied(analyst, "INSERT INTO r1lat.roles_it VALUES (3, 'ap-south')"))
        .contains("INSERT");
    assertThat(denied(analyst, "DROP TABLE r1lat.roles_it")).contains("DROP");
    assertThat(denied(analyst, "TRUNCATE TABLE r1lat.roles_it")).contains("TRUNCATE");
    assertThat(denied(analyst, "CREATE TABLE r1lat.mine (x UInt8) ENGINE = Memory"))
        .contains("CREATE");
    assertThat(denied(sink, "DROP TABLE r1lat.roles_it")).contains("DROP");
    assertThat(ok(admin, "SELECT count() FROM r1lat.roles_it").trim()).isEqualTo("2");
  }

  private static String appPassword() {
    String jaas = security.kafkaClientSettings().get("sasl.jaas.config");
    return jaas.replaceAll(".*password=\"([^\"]+)\".*", "$1");
  }

  /** The cause with which listing topics fails under these client settings. */
  private static Throwable listTopicsFailure(Map<String, String> settings) {
    Map<String, Object> config = KafkaClientConfigs.base(bootstrap, settings);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 6_000);
    try (Admin admin = Admin.create(config)) {
      var failure =
          assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .actual();
      return failure.getCause();
    }
  }

  private static String ok(String user, String statement) throws Exception {
    var res = sql(user, security.clickhousePassword(user), statement);
    assertThat(res.statusCode()).as(user + ": " + statement + " -> " + res.body()).isEqualTo(200);
    return res.body();
  }

  private static String denied(String user, String statement) throws Exception {
    var res = sql(user, security.clickhousePassword(user), statement);
    assertThat(res.statusCode()).as(statement).isNotEqualTo(200);
    assertThat(res.body()).contains("ACCESS_DENIED");
    return res.body();
  }

  private static HttpResponse<String> sql(String user, String password, String statement)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.endpoints().clickhouseHttpUrl() + "/"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(statement));
    if (user != null) {
      request.header("X-ClickHouse-User", user).header("X-ClickHouse-Key", password);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ListAppender<ILoggingEvent> appender;

  /** Kafka's client loggers at INFO into a list (they log their configuration at start). */
  private static List<ILoggingEvent> captureKafkaLogs() {
    Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
    appender = new ListAppender<>();
    appender.start();
    kafka.addAppender(appender);
    kafka.setLevel(Level.INFO);
    return appender.list;
  }

  private static void stopCapturing() {
    Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
    kafka.detachAppender(appender);
    kafka.setLevel(Level.ERROR);
  }
}
