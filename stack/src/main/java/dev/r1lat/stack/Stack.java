package dev.r1lat.stack;

import java.util.List;

/**
 * A real Kafka broker and a real ClickHouse engine. Two providers: {@link LocalStack} (processes on
 * this machine, no Docker needed; the default and what CI uses) and, for tests only, {@code
 * ContainerStack} in the test-support module (Testcontainers, where a Docker engine is reachable).
 */
public interface Stack extends AutoCloseable {

  /** Starts what is not running, waits until both answer, creates topics and database. */
  Endpoints start();

  /** One line per service: running or not, and whether it answers. */
  List<ServiceStatus> status();

  /** Stops both services; afterwards no process of the stack remains. */
  void stop();

  Endpoints endpoints();

  @Override
  default void close() {
    stop();
  }

  record ServiceStatus(String service, boolean healthy, String detail) {}
}
