package dev.r1lat.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.Topics;
import dev.r1lat.stack.junit.RealStackExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local provider's own contract: up, status, idempotent up, down with nothing left behind. */
class StackLifecycleIT {

  @Test
  void shouldStartReportHealthyAndStopLeavingNoProcess() throws Exception {
    StackSettings settings = RealStackExtension.settingsForTests();
    List<String> log = new ArrayList<>();
    LocalStack stack = new LocalStack(settings, Topics.defaults(), null, log::add);
    try {
      stack.start();
      assertThat(stack.status()).allSatisfy(s -> assertThat(s.healthy()).isTrue());
      long kafkaPid = pid(settings.stateDir().resolve("kafka/kafka.pid"));
      long chPid = pid(settings.stateDir().resolve("clickhouse/clickhouse.pid"));

      stack.start(); // idempotent: finds both running
      assertThat(log).anyMatch(l -> l.contains("kafka      already running"));
      assertThat(pid(settings.stateDir().resolve("kafka/kafka.pid"))).isEqualTo(kafkaPid);

      stack.stop();
      assertThat(ProcessHandle.of(kafkaPid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(ProcessHandle.of(chPid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(stack.status()).allSatisfy(s -> assertThat(s.healthy()).isFalse());
    } finally {
      stack.stop();
    }
  }

  @Test
  void shouldRefuseAPortThatIsTakenWithAClearMessage() throws Exception {
    StackSettings settings = RealStackExtension.settingsForTests();
    try (ServerSocket squatter =
        new ServerSocket(settings.kafkaPort(), 1, InetAddress.getLoopbackAddress())) {
      LocalStack stack = new LocalStack(settings, Topics.defaults(), null, l -> {});
      assertThatThrownBy(stack::start)
          .isInstanceOf(StackException.class)
          .hasMessageContaining("port " + settings.kafkaPort())
          .hasMessageContaining("already in use");
      stack.stop();
    }
  }

  private static long pid(Path file) throws Exception {
    return Long.parseLong(Files.readString(file).trim());
  }
}
