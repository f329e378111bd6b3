package dev.r1lat.reliability;

import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where scenarios run: a real stack (a {@link LocalStack} when Kafka must be restarted or
 * ClickHouse stopped), a scratch folder for worker state and logs, a progress printer, and the
 * volumes and durations of the run.
 */
public record ScenarioEnv(
    Endpoints endpoints, Stack stack, Path workDir, Consumer<String> log, Volume volume) {

  /**
   * How much traffic and how long the faults last. The defaults keep the whole suite within a few
   * minutes on a shared 2-core machine; the ClickHouse outage is the 60 s.
   */
  public record Volume(
      int windows,
      int perWindow,
      int ratePerSecond,
      int malformed,
      Duration clickhouseOutage,
      Duration settleTimeout) {
    public static Volume defaults() {
      return new Volume(6, 1_200, 600, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(150));
    }

    public Volume withClickhouseOutage(Duration d) {
      return new Volume(windows, perWindow, ratePerSecond, malformed, d, settleTimeout);
    }

    public Volume withPerWindow(int n) {
      return new Volume(windows, n, ratePerSecond, malformed, clickhouseOutage, settleTimeout);
    }
  }

  /** The local stack, or a clear failure for a scenario that has to control the services. */
  public LocalStack localStack() {
    if (stack instanceof LocalStack local) {
      return local;
    }
    throw new IllegalStateException(
        "this scenario restarts Kafka or stops ClickHouse, which needs the local stack"
            + " (R1LAT_STACK=local), not "
            + stack.getClass().getSimpleName());
  }
}
