package dev.r1lat.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds Prometheus Alertmanager, installing Debian's {@code prometheus-alertmanager} package when
 * it is missing and this process may (root, apt-get present), so a fresh machine running {@code mvn
 * -B verify} as root gets it the way it gets Kafka and ClickHouse. Where it cannot, the reason says
 * why (tests skip with it). The package's own service is not used: {@link LocalAlertmanager} runs
 * the binary on free ports.
 */
public record AlertmanagerInstall(Path binary, String unavailableReason) {
  private static final Path APT_GET = Path.of("/usr/bin/apt-get");
  private static final long APT_TIMEOUT_MINUTES = 10;

  public boolean available() {
    return binary != null;
  }

  /** The binary, installing it if missing and possible. */
  public static AlertmanagerInstall locate(Consumer<String> progress) {
    return locate(LocalAlertmanager.BINARY, progress);
  }

  static AlertmanagerInstall locate(Path binary, Consumer<String> progress) {
    if (Files.isExecutable(binary)) {
      return new AlertmanagerInstall(binary, null);
    }
    if (!Files.isExecutable(APT_GET)) {
      return unavailable(binary + " is missing and there is no apt-get to install it with");
    }
    if (!isRoot()) {
      return unavailable(
          binary
              + " is missing; install it with: sudo apt-get install -y prometheus-alertmanager"
              + " (installed automatically only when running as root)");
    }
    progress.accept("installing prometheus-alertmanager with apt-get (once)");
    String failure = apt(List.of("install", "-y", "prometheus-alertmanager"));
    if (failure != null) {
      // a fresh machine may have no package lists yet
      String update = apt(List.of("update"));
      failure = update != null ? update : apt(List.of("install", "-y", "prometheus-alertmanager"));
    }
    if (Files.isExecutable(binary)) {
      return new AlertmanagerInstall(binary, null);
    }
    return unavailable("apt-get could not install prometheus-alertmanager: " + failure);
  }

  private static AlertmanagerInstall unavailable(String reason) {
    return new AlertmanagerInstall(null, reason);
  }

  static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return p.waitFor() == 0 && out.equals("0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs apt-get non-interactively; null on success, else the reason with its output's tail. */
  private static String apt(List<String> args) {
    try {
      Path log = Files.createTempFile("r1lat-apt-", ".log");
      ProcessBuilder pb = new ProcessBuilder();
      pb.command().add(APT_GET.toString());
      pb.command().add("-q");
      pb.command().addAll(args);
      pb.environment().putAll(Map.of("DEBIAN_FRONTEND", "noninteractive"));
      Process p =
          pb.redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!p.waitFor(APT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return "apt-get " + args.get(0) + " took over " + APT_TIMEOUT_MINUTES + " minutes";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return p.exitValue() == 0
          ? null
          : "apt-get "
              + args.get(0)
              + " exited "
              + p.exitValue()
              + ": "
              + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "apt-get failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
