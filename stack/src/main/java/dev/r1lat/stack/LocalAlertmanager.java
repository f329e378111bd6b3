package dev.r1lat.stack;

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
import java.util.List;

/**
 * A real Prometheus Alertmanager as a local process, for the alert forwarder's integration tests:
 * Debian's {@code prometheus-alertmanager} (a single Go binary), found at {@link #BINARY} and,
 * where it is missing and we run as root, installed with apt-get ({@link AlertmanagerInstall}). It
 * runs on 127.0.0.1 with a config and storage of its own under {@code dir}, clustering off, and —
 * given a parent pid — halts when that process is gone, even if it was killed.
 */
public final class LocalAlertmanager {
  public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

  /**
   * Route by incident: the group levels of one fault (each its own anomaly) are one notification.
   * The receiver is a sink: tests read Alertmanager's API, not notifications.
   */
  public static final String DEFAULT_CONFIG =
      String.join(
          "\n",
          "route:",
          "  receiver: none",
          "  group_by: ['incident']",
          "  group_wait: 1s",
          "  group_interval: 5s",
          "receivers:",
          "  - name: none",
          "");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path binary;
  private final Path dir;
  private final int port;
  private final Long parentPid;
  private final ManagedProcess process;

  public LocalAlertmanager(Path binary, Path dir, int port, Long parentPid) {
    this.binary = binary;
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.parentPid = parentPid;
    this.process = new ManagedProcess("alertmanager", this.dir, this.dir.toString());
  }

  /** e.g. {@code http://127.0.0.1:39093}: the base of its API ({@code /api/v2/...}). */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts it with {@link #DEFAULT_CONFIG} (unless running) and waits for {@code /-/ready}. */
  public void start(Duration timeout) {
    start(DEFAULT_CONFIG, timeout);
  }

  public void start(String configYaml, Duration timeout) {
    if (process.running().isPresent()) {
      return;
    }
    Path config = dir.resolve("alertmanager.yml");
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(config, configYaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StackException("cannot write " + config + ": " + e.getMessage(), e);
    }
    List<String> am = new ArrayList<>();
    am.add(binary.toString());
    am.add("--config.file=" + config);
    am.add("--storage.path=" + dir.resolve("data"));
    am.add("--web.listen-address=127.0.0.1:" + port);
    am.add("--cluster.listen-address="); // no HA peers: nothing else to bind
    ProcessHandle p = process.start(parentPid == null ? am : watched(am), List.of(port));
    process.awaitReady(p, this::isReady, timeout);
  }

  /** True when {@code GET /-/ready} answers 200. */
  public boolean isReady() {
    try {
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
              .timeout(Duration.ofSeconds(2))
              .GET()
              .build();
      return HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops it (SIGTERM, then SIGKILL); its alerts are gone, as with a real restart. */
  public boolean stop() {
    return process.stop();
  }

  public Path logFile() {
    return process.logFile();
  }

  /**
   * The binary under a small shell that ends it when the parent is gone (checked each second), so a
   * killed test JVM leaves no Alertmanager behind; SIGTERM to the shell ends it too.
   */
  private List<String> watched(List<String> command) {
    String script =
        "\"$0\" \"$@\" & child=$!; trap 'kill $child 2>/dev/null; exit 0' TERM INT; "
            + "while kill -0 "
            + parentPid
            + " 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
            + "kill $child 2>/dev/null; wait $child";
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script));
    cmd.addAll(command);
    return cmd;
  }
}
