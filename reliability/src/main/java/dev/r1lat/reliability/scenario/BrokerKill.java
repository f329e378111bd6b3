package dev.r1lat.reliability.scenario;

import dev.r1lat.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * SIGKILL for the local stack's Kafka broker. The stack only stops it cleanly; its pid file (the
 * same one {@code ./r1lat stack status} reads) names the process, which is checked to be the broker
 * before the signal. {@link LocalStack#restartKafka()} then starts it again (its stop finds nothing
 * running).
 */
final class BrokerKill {
  private static final String MARKER = "dev.r1lat.broker.BrokerMain";

  private BrokerKill() {}

  static void kill(LocalStack stack) throws IOException, InterruptedException {
    ProcessHandle broker = broker(stack);
    broker.destroyForcibly();
    try {
      broker.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the broker (pid " + broker.pid() + ") survived SIGKILL", e);
    }
  }

  static ProcessHandle broker(LocalStack stack) throws IOException {
    Path pidFile = stack.settings().stateDir().resolve("kafka").resolve("kafka.pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(MARKER)).orElse(false))
        .orElseThrow(() -> new IllegalStateException("no running broker with pid " + pid));
  }
}
