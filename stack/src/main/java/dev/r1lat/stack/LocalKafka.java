package dev.r1lat.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) run from the jars that
 * {@code deploy/kafka-broker} assembles from Maven Central. Storage is formatted once; a restart
 * keeps topics and offsets.
 */
final class LocalKafka {
  /** Environment variable of {@code BrokerMain --format}: SCRAM users, one per line. */
  static final String SCRAM_ENV = "R1LAT_BROKER_ADD_SCRAM";

  private final StackSettings settings;
  private final Path dir;
  private final ManagedProcess process;
  private final Long parentPid;
  private final StackSecurity security;

  LocalKafka(StackSettings settings, Long parentPid, StackSecurity security) {
    this.settings = settings;
    this.dir = settings.stateDir().resolve("kafka");
    this.process = new ManagedProcess("kafka", dir, "dev.r1lat.broker.BrokerMain");
    this.parentPid = parentPid;
    this.security = security;
  }

  String bootstrap() {
    return "127.0.0.1:" + settings.kafkaPort();
  }

  boolean isRunning() {
    return process.running().isPresent();
  }

  void start() {
    if (isRunning()) {
      return;
    }
    Path lib = settings.brokerLib();
    if (!Files.isDirectory(lib)) {
      throw new StackException(
          "Kafka broker jars not found in "
              + lib
              + "; build them with: mvn -q -pl deploy/kafka-broker -am package -DskipTests");
    }
    boolean formatted = Files.exists(dir.resolve("data/meta.properties"));
    if (formatted && secured() != settings.kafkaSecured()) {
      throw new StackException(
          "the Kafka storage in "
              + dir
              + " was formatted "
              + (secured() ? "for SASL_SSL" : "for PLAINTEXT")
              + " but stack.kafka.security="
              + settings.kafkaSecurity()
              + "; use another stack.state-dir (or delete that one)");
    }
    if (settings.kafkaSecured()) {
      security.kafka().tls().ensure();
    }
    Path config = writeServerProperties();
    if (!formatted) {
      format(lib, config);
    }
    List<String> cmd = java(lib);
    cmd.add(config.toString());
    ProcessHandle p =
        process.start(cmd, List.of(settings.kafkaPort(), settings.kafkaControllerPort()));
    process.awaitReady(p, this::answers, settings.startTimeout());
  }

  private List<String> java(Path lib) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms128m");
    cmd.add("-Xmx" + settings.kafkaHeap());
    cmd.add("-XX:+UseG1GC");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-cp");
    cmd.add(lib + "/*");
    cmd.add("dev.r1lat.broker.BrokerMain");
    if (parentPid != null) {
      cmd.add("--exit-with-parent");
      cmd.add(Long.toString(parentPid));
    }
    return cmd;
  }

  private void format(Path lib, Path config) {
    List<String> cmd = java(lib);
    cmd.addAll(List.of("--format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
    cmd.removeIf(a -> a.equals("--exit-with-parent") || a.equals(String.valueOf(parentPid)));
    try {
      // with SCRAM users it lists their salted keys: owner-readable only
      StackCredentials.writePrivate(dir.resolve("format.log"), "");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile()));
      if (settings.kafkaSecured()) {
        // SCRAM users are created with the storage; BrokerMain reads them from its environment
        // so that no password shows in a process listing
        pb.environment().put(SCRAM_ENV, String.join("\n", security.kafka().scramUsers()));
      }
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new StackException(
            "formatting Kafka storage failed; see " + dir.resolve("format.log"));
      }
      Files.writeString(modeFile(), settings.kafkaSecurity());
    } catch (IOException e) {
      throw new StackException("cannot format Kafka storage: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  private Path writeServerProperties() {
    Properties p = new Properties();
    String port = Integer.toString(settings.kafkaPort());
    String controller = Integer.toString(settings.kafkaControllerPort());
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controller),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", dir.resolve("data").toString()),
            // one broker: every internal topic has one replica
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("num.partitions", "1"),
            Map.entry("auto.create.topics.enable", "false")));
    if (settings.kafkaSecured()) {
      p.putAll(
          security.kafka().brokerProperties(settings.kafkaPort(), settings.kafkaControllerPort()));
    }
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("server.properties");
      // it may hold the broker's own passwords: owner-readable only
      StackCredentials.writePrivate(file, "");
      try (var out = Files.newBufferedWriter(file)) {
        p.store(out, "written by r1lat stack; edits are overwritten");
      }
      return file;
    } catch (IOException e) {
      throw new StackException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Admin client settings: the bootstrap and, on a secured broker, the admin's SCRAM login. */
  Map<String, Object> adminConfig() {
    Map<String, Object> config = new HashMap<>();
    if (secured()) {
      config.putAll(security.kafkaAdminSettings());
    }
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    return config;
  }

  /** How the storage was formatted; before the first format, what the settings ask for. */
  boolean secured() {
    try {
      if (Files.exists(modeFile())) {
        return Files.readString(modeFile()).trim().equals(StackSettings.SASL_SSL);
      }
      // storage formatted before security existed was PLAINTEXT
      return !Files.exists(dir.resolve("data/meta.properties")) && settings.kafkaSecured();
    } catch (IOException e) {
      throw new StackException("cannot read " + modeFile() + ": " + e.getMessage(), e);
    }
  }

  private Path modeFile() {
    return dir.resolve("security.mode");
  }

  boolean answers() {
    Map<String, Object> config = adminConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(config)) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  Stack.ServiceStatus status() {
    var running = process.running();
    if (running.isEmpty()) {
      return new Stack.ServiceStatus("kafka", false, "not running");
    }
    boolean ok = answers();
    return new Stack.ServiceStatus(
        "kafka",
        ok,
        "pid "
            + running.get().pid()
            + ", "
            + bootstrap()
            + (ok ? ", answering" : ", NOT answering; see " + process.logFile()));
  }

  boolean stop() {
    return process.stop();
  }
}
