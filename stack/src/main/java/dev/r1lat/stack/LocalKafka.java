package dev.r1lat.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  private final StackSettings settings;
  private final Path dir;
  private final ManagedProcess process;
  private final Long parentPid;

  LocalKafka(StackSettings settings, Long parentPid) {
    this.settings = settings;
    this.dir = settings.stateDir().resolve("kafka");
    this.process = new ManagedProcess("kafka", dir, "dev.r1lat.broker.BrokerMain");
    this.parentPid = parentPid;
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
    Path config = writeServerProperties();
    if (!Files.exists(dir.resolve("data/meta.properties"))) {
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
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile()))
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new StackException(
            "formatting Kafka storage failed; see " + dir.resolve("format.log"));
      }
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
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("server.properties");
      try (var out = Files.newBufferedWriter(file)) {
        p.store(out, "written by r1lat stack; edits are overwritten");
      }
      return file;
    } catch (IOException e) {
      throw new StackException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  boolean answers() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
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
