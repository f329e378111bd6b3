package dev.r1lat.stack;

import dev.r1lat.stack.clickhouse.ChdbServerMain;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * ClickHouse 26.x run from libchdb.so in its own JVM process ({@link ChdbServerMain}), serving HTTP
 * and native TCP on 127.0.0.1. Its users are unauthenticated, which is why it never binds beyond
 * loopback; production ClickHouse is configured by URL and credentials instead. With {@code
 * stack.clickhouse.auth} it gets password-protected users and the r1lat roles ({@link
 * ClickHouseUsers}), and this class talks to it as the admin user.
 */
final class LocalClickHouse {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final StackSettings settings;
  private final Path dir;
  private final ManagedProcess process;
  private final Long parentPid;
  private final StackSecurity security;

  LocalClickHouse(StackSettings settings, Long parentPid, StackSecurity security) {
    this.settings = settings;
    this.dir = settings.stateDir().resolve("clickhouse");
    this.process = new ManagedProcess("clickhouse", dir, ChdbServerMain.class.getName());
    this.parentPid = parentPid;
    this.security = security;
  }

  String httpUrl() {
    return "http://127.0.0.1:" + settings.clickhouseHttpPort();
  }

  boolean isRunning() {
    return process.running().isPresent();
  }

  void start(Consumer<String> progress) {
    if (isRunning()) {
      return;
    }
    Path lib = new ChdbDistribution(settings.cacheDir(), settings.chdbVersion()).ensure(progress);
    List<String> cmd =
        serverCommand(
            lib,
            dir.resolve("data"),
            settings.clickhouseHttpPort(),
            settings.clickhouseTcpPort(),
            parentPid);
    if (settings.clickhouseAuth()) {
      cmd.add("--config-file");
      cmd.add(security.clickhouse().write().toString());
    }
    writeAuthMarker();
    ProcessHandle p =
        process.start(cmd, List.of(settings.clickhouseHttpPort(), settings.clickhouseTcpPort()));
    process.awaitReady(p, () -> version() != null, settings.startTimeout());
  }

  /** The server's version, or null if it does not answer. */
  String version() {
    try {
      return query("SELECT version()").trim();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Runs one statement over HTTP (as the admin user); throws with ClickHouse's message. */
  String query(String sql) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(new URI(httpUrl() + "/"))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(sql));
      if (authOn()) {
        request.header("X-ClickHouse-User", StackSecurity.CLICKHOUSE_ADMIN_USER);
        request.header("X-ClickHouse-Key", security.clickhouseAdminPassword());
      }
      HttpResponse<String> res = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new StackException("ClickHouse: " + res.body().trim());
      }
      return res.body();
    } catch (java.io.IOException | URISyntaxException e) {
      throw new StackException("ClickHouse at " + httpUrl() + " does not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }

  /** Whether the running server has password-protected users (as it was started). */
  private boolean authOn() {
    try {
      Path marker = dir.resolve("auth");
      return Files.exists(marker)
          ? Boolean.parseBoolean(Files.readString(marker).trim())
          : settings.clickhouseAuth();
    } catch (java.io.IOException e) {
      return settings.clickhouseAuth();
    }
  }

  private void writeAuthMarker() {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("auth"), Boolean.toString(settings.clickhouseAuth()));
    } catch (java.io.IOException e) {
      throw new StackException("cannot write " + dir + ": " + e.getMessage(), e);
    }
  }

  Stack.ServiceStatus status() {
    var running = process.running();
    if (running.isEmpty()) {
      return new Stack.ServiceStatus("clickhouse", false, "not running");
    }
    String v = version();
    return new Stack.ServiceStatus(
        "clickhouse",
        v != null,
        "pid "
            + running.get().pid()
            + ", "
            + httpUrl()
            + (v != null ? ", version " + v : ", NOT answering; see " + process.logFile()));
  }

  boolean stop() {
    return process.stop();
  }

  /**
   * The command line of one ClickHouse process ({@link ChdbServerMain} in its own small JVM);
   * callers append its config file.
   */
  static List<String> serverCommand(
      Path lib, Path dataDir, int httpPort, int tcpPort, Long parentPid) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx64m");
    cmd.add("-cp");
    cmd.add(Classpaths.of(ChdbServerMain.class, com.sun.jna.Native.class));
    cmd.add(ChdbServerMain.class.getName());
    cmd.add(lib.toString());
    cmd.add(dataDir.toString());
    cmd.add(Integer.toString(httpPort));
    cmd.add(Integer.toString(tcpPort));
    if (parentPid != null) {
      cmd.add("--exit-with-parent");
      cmd.add(Long.toString(parentPid));
    }
    return cmd;
  }
}
