package dev.r1lat.stack;

import dev.r1lat.schema.Topics;
import java.util.List;
import java.util.function.Consumer;

/**
 * Kafka and ClickHouse as processes on this machine: no Docker engine needed. State (data, logs,
 * pid files) lives under one folder, {@code stack.state-dir}; a second {@code start()} finds the
 * running processes by their pid files and only re-checks them.
 */
public final class LocalStack implements Stack {
  private final StackSettings settings;
  private final LocalKafka kafka;
  private final LocalClickHouse clickhouse;
  private final Topics topics;
  private final Consumer<String> progress;
  private final StackSecurity security;
  private final List<KafkaUserAcls> kafkaUsers;

  /**
   * @param parentPid when set, both services halt as soon as that process is gone (tests); null
   *     leaves them running after this JVM exits ({@code ./r1lat stack up})
   */
  public LocalStack(
      StackSettings settings, Topics topics, Long parentPid, Consumer<String> progress) {
    this(settings, topics, parentPid, progress, List.of());
  }

  /**
   * @param kafkaUsers on a secured broker, the component users to create with exactly these ACLs
   *     (ignored on a PLAINTEXT one, which authorizes nothing)
   */
  public LocalStack(
      StackSettings settings,
      Topics topics,
      Long parentPid,
      Consumer<String> progress,
      List<KafkaUserAcls> kafkaUsers) {
    this.settings = settings;
    this.kafkaUsers = List.copyOf(kafkaUsers);
    this.security = new StackSecurity(settings);
    this.kafka = new LocalKafka(settings, parentPid, security);
    this.clickhouse = new LocalClickHouse(settings, parentPid, security);
    this.topics = topics;
    this.progress = progress;
  }

  public StackSettings settings() {
    return settings;
  }

  /**
   * Credentials and client settings of a secured stack ({@code stack.kafka.security=sasl_ssl},
   * {@code stack.clickhouse.auth=true}); for a plain one the Kafka settings are empty.
   */
  public StackSecurity security() {
    return security;
  }

  @Override
  public Endpoints start() {
    startKafka();
    startClickHouse();
    return endpoints();
  }

  private void startKafka() {
    if (kafka.isRunning()) {
      progress.accept("kafka      already running at " + kafka.bootstrap());
    } else {
      long t0 = System.nanoTime();
      kafka.start();
      progress.accept(
          String.format(
              "kafka      ready at %s in %.1f s",
              kafka.bootstrap(), (System.nanoTime() - t0) / 1e9));
    }
    StackBootstrap.createTopics(kafka.adminConfig(), topics, settings.topicPartitions());
    if (settings.kafkaSecured() || settings.clickhouseAuth()) {
      security.writeClientConfig(kafka.bootstrap());
    }
    if (settings.kafkaSecured() && !kafkaUsers.isEmpty()) {
      KafkaAccessControl.apply(kafka.adminConfig(), kafkaUsers, security.kafka());
      kafkaUsers.forEach(u -> security.writeClientConfig(kafka.bootstrap(), u.user()));
      progress.accept(
          "kafka      users "
              + String.join(", ", kafkaUsers.stream().map(KafkaUserAcls::user).toList())
              + " with their ACLs");
    }
  }

  /** The component users a secured broker is given (see {@link KafkaAccessControl}). */
  public List<KafkaUserAcls> kafkaUsers() {
    return kafkaUsers;
  }

  private void startClickHouse() {
    if (clickhouse.isRunning()) {
      progress.accept("clickhouse already running at " + clickhouse.httpUrl());
    } else {
      long t0 = System.nanoTime();
      clickhouse.start(progress);
      progress.accept(
          String.format(
              "clickhouse %s ready at %s in %.1f s",
              clickhouse.version(), clickhouse.httpUrl(), (System.nanoTime() - t0) / 1e9));
    }
    clickhouse.query("CREATE DATABASE IF NOT EXISTS " + StackBootstrap.DATABASE);
  }

  @Override
  public List<ServiceStatus> status() {
    return List.of(kafka.status(), clickhouse.status());
  }

  @Override
  public void stop() {
    // ClickHouse first: it holds no Kafka state, and stopping the broker last lets clients drain
    progress.accept("clickhouse " + (clickhouse.stop() ? "stopped" : "was not running"));
    progress.accept("kafka      " + (kafka.stop() ? "stopped" : "was not running"));
  }

  @Override
  public Endpoints endpoints() {
    return new Endpoints(kafka.bootstrap(), clickhouse.httpUrl());
  }

  /** Kafka only; used by reliability tests that restart the broker mid-run. */
  public void restartKafka() {
    kafka.stop();
    kafka.start();
  }

  /** ClickHouse only; used by reliability tests that take ClickHouse away for a while. */
  public void stopClickHouse() {
    clickhouse.stop();
  }

  public void startClickHouseAgain() {
    clickhouse.start(progress);
  }
}
