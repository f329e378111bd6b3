package dev.r1lat.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A service process the stack owns: started detached (its own session, so Ctrl-C in the terminal
 * that ran {@code stack up} does not reach it), output to a log file, pid in a pid file. Stopping
 * sends SIGTERM, waits, then SIGKILLs the process and any descendants.
 */
final class ManagedProcess {
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Path dir;
  private final String marker;

  /**
   * @param marker a string in the command line that identifies our process, so a stale pid file
   *     whose pid the OS reused never makes us signal a stranger
   */
  ManagedProcess(String name, Path dir, String marker) {
    this.name = name;
    this.dir = dir;
    this.marker = marker;
  }

  Path pidFile() {
    return dir.resolve(name + ".pid");
  }

  Path logFile() {
    return dir.resolve(name + ".log");
  }

  Optional<ProcessHandle> running() {
    try {
      if (!Files.exists(pidFile())) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile()).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  ProcessHandle start(List<String> command, List<Integer> ports) {
    for (int port : ports) {
      requireFree(port);
    }
    try {
      Files.createDirectories(dir);
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        cmd.add("/usr/bin/setsid");
      }
      cmd.addAll(command);
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      Files.writeString(pidFile(), Long.toString(p.pid()), StandardCharsets.US_ASCII);
      return p.toHandle();
    } catch (IOException e) {
      throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Waits until {@code ready} holds; fails early with the log tail if the process dies. */
  void awaitReady(ProcessHandle process, BooleanSupplier ready, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (!process.isAlive()) {
        throw new StackException(
            name + " exited during start-up; last lines of " + logFile() + ":\n" + logTail(25));
      }
      sleep(250);
    }
    stop();
    throw new StackException(
        name
            + " was not ready within "
            + timeout.toSeconds()
            + " s (raise stack.start-timeout); last lines of "
            + logFile()
            + ":\n"
            + logTail(25));
  }

  /** Stops the process if running; returns true if there was one. */
  boolean stop() {
    Optional<ProcessHandle> process = running();
    if (process.isEmpty()) {
      deletePidFile();
      return false;
    }
    ProcessHandle p = process.get();
    List<ProcessHandle> descendants = p.descendants().toList();
    p.destroy();
    try {
      p.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      waitGone(p);
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    deletePidFile();
    return true;
  }

  private static void waitGone(ProcessHandle p) {
    try {
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StackException("process " + p.pid() + " survived SIGKILL", e);
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      // a stale pid file is verified against the command line before use
    }
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void requireFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new StackException(
          "port "
              + port
              + " on 127.0.0.1 is already in use; stop what holds"
              + " it (ss -ltnp 'sport = :"
              + port
              + "') or choose another port (see --help)");
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted", e);
    }
  }
}
