package dev.r1lat.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A worker (streams app or sink) in its own JVM, on this JVM's classpath, so that a kill is a real
 * SIGKILL of a real process: no finally block, no shutdown hook, no transaction commit runs. Its
 * output goes to a log file and is kept in memory with arrival times, so a scenario can wait for a
 * state line and time a recovery. The worker halts by itself if this JVM dies (see {@code
 * --parent}).
 */
public final class ChildJvm implements AutoCloseable {
  /** One output line and when it arrived (wall clock, ms). */
  public record Line(long atMs, String text) {}

  /** The heap every worker JVM gets (-Xmx). */
  public static final String HEAP = "512m";

  private final String name;
  private final Process process;
  private final Path log;
  private final List<Line> lines = new ArrayList<>();
  private final Thread pump;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pump = new Thread(this::pumpOutput, "child-" + name);
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code mainClass} with {@code args} after {@code --parent <this pid>}. */
  public static ChildJvm start(String name, Class<?> mainClass, List<String> args, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a stated heap, as in production (README "Ceilings"), and quick to start: the machine is
    // shared. An OutOfMemoryError ends the worker at once, so a scenario sees a dead worker rather
    // than one limping on with a broken thread
    cmd.add("-Xmx" + HEAP);
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.add("--parent");
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    return new ChildJvm(name, p, log);
  }

  private void pumpOutput() {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out =
            new PrintWriter(
                Files.newBufferedWriter(
                    log,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND),
                true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        synchronized (lines) {
          lines.add(new Line(System.currentTimeMillis(), line));
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process is gone; what it printed is in the log
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Whether the worker printed a line containing {@code text} (e.g. an OutOfMemoryError). */
  public boolean printed(String text) {
    synchronized (lines) {
      return lines.stream().anyMatch(l -> l.text().contains(text));
    }
  }

  /**
   * Waits for the first line after {@code sinceMs} that matches; fails with the log tail if the
   * process exits first or the time runs out.
   */
  public Line awaitLine(Predicate<String> match, long sinceMs, Duration timeout)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    synchronized (lines) {
      while (true) {
        for (Line l : lines) {
          if (l.atMs() >= sinceMs && match.test(l.text())) {
            return l;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || (!process.isAlive() && !pump.isAlive())) {
          throw new IllegalStateException(
              name
                  + (process.isAlive() ? " did not print the expected line in time" : " exited")
                  + "; last lines of "
                  + log
                  + ":\n"
                  + tail(20));
        }
        lines.wait(Math.min(left, 500));
      }
    }
  }

  /** Waits for Kafka Streams to report RUNNING after {@code sinceMs}. */
  public Line awaitRunning(long sinceMs, Duration timeout) throws InterruptedException {
    return awaitLine(l -> l.contains("-> RUNNING"), sinceMs, timeout);
  }

  public String tail(int n) {
    synchronized (lines) {
      StringBuilder b = new StringBuilder();
      lines
          .subList(Math.max(0, lines.size() - n), lines.size())
          .forEach(l -> b.append(l.text()).append('\n'));
      return b.toString();
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL");
    }
  }

  /** SIGTERM (the worker stops cleanly), then SIGKILL if it takes longer than 30 s. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
    pump.join(5_000);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
