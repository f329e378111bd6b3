package dev.r1lat.stack.junit;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands integration tests a real, running stack: {@code @ExtendWith(RealStackExtension.class)} and
 * a parameter of type {@link Endpoints} or {@link Stack}. One stack per test JVM, started on first
 * use and stopped when the JVM's tests end. Local services get free ports and a state folder under
 * {@code target/}, and halt with this JVM even if it is killed, so a run never leaves processes.
 * {@code R1LAT_STACK} chooses the provider (see {@link Stacks}).
 */
public final class RealStackExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(RealStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    Class<?> type = p.getParameter().getType();
    return type == Endpoints.class || type == Stack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    Started started =
        c.getRoot().getStore(NS).getOrComputeIfAbsent("stack", k -> start(), Started.class);
    return p.getParameter().getType() == Endpoints.class ? started.endpoints : started.stack;
  }

  private static Started start() {
    Stacks.Provider provider = Stacks.chooseProvider(System.getenv());
    System.out.println(
        "[r1lat] integration tests use the "
            + provider
            + " stack provider"
            + (provider == Stacks.Provider.LOCAL && System.getenv(Stacks.ENV) == null
                ? " (no Docker engine reachable; container tests are not run)"
                : ""));
    Stack stack =
        Stacks.create(
            provider,
            settingsForTests(),
            Topics.defaults(),
            ProcessHandle.current().pid(),
            line -> System.out.println("[r1lat] " + line));
    return new Started(stack, stack.start());
  }

  /**
   * Free ports and a fresh state folder under target/, so tests never touch a developer's stack.
   */
  public static StackSettings settingsForTests() {
    try {
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      Path state = Files.createTempDirectory(target, "it-stack-");
      Map<String, String> flags = new HashMap<>();
      flags.put(StackSettings.HOME.name(), System.getProperty("r1lat.home", ".."));
      flags.put(StackSettings.STATE_DIR.name(), state.toString());
      flags.put(StackSettings.KAFKA_PORT.name(), Integer.toString(FreePorts.next()));
      flags.put(StackSettings.KAFKA_CONTROLLER_PORT.name(), Integer.toString(FreePorts.next()));
      flags.put(StackSettings.CLICKHOUSE_HTTP_PORT.name(), Integer.toString(FreePorts.next()));
      flags.put(StackSettings.CLICKHOUSE_TCP_PORT.name(), Integer.toString(FreePorts.next()));
      flags.put(StackSettings.TOPIC_PARTITIONS.name(), "3");
      return StackSettings.from(Settings.load(StackSettings.KEYS, null, System.getenv(), flags));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Started(Stack stack, Endpoints endpoints) implements AutoCloseable {
    @Override
    public void close() {
      stack.stop();
    }
  }
}
