package dev.r1lat.reliability;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A local stack only the bench uses: the scenarios restart its Kafka and stop its ClickHouse, which
 * must never hit a developer's running stack. Free ports, its own state folder, and its services
 * halt with this JVM.
 */
public final class PrivateStack {
  private PrivateStack() {}

  public static LocalStack create(Path home, Path stateDir, Consumer<String> log) {
    java.util.Set<Integer> ports = new java.util.HashSet<>();
    while (ports.size() < 4) {
      ports.add(freePort());
    }
    var free = ports.iterator();
    Map<String, String> flags = new HashMap<>();
    flags.put(StackSettings.HOME.name(), home.toString());
    flags.put(StackSettings.STATE_DIR.name(), stateDir.toAbsolutePath().toString());
    flags.put(StackSettings.KAFKA_PORT.name(), Integer.toString(free.next()));
    flags.put(StackSettings.KAFKA_CONTROLLER_PORT.name(), Integer.toString(free.next()));
    flags.put(StackSettings.CLICKHOUSE_HTTP_PORT.name(), Integer.toString(free.next()));
    flags.put(StackSettings.CLICKHOUSE_TCP_PORT.name(), Integer.toString(free.next()));
    flags.put(StackSettings.TOPIC_PARTITIONS.name(), Integer.toString(Pipeline.PARTITIONS));
    StackSettings s =
        StackSettings.from(Settings.load(StackSettings.KEYS, null, System.getenv(), flags));
    return new LocalStack(s, Topics.defaults(), ProcessHandle.current().pid(), log);
  }

  /** A port free on the loopback interface right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
