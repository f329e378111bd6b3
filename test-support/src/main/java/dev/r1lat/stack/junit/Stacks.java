package dev.r1lat.stack.junit;

import dev.r1lat.schema.Topics;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import dev.r1lat.stack.StackException;
import dev.r1lat.stack.StackSettings;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the stack provider. {@code R1LAT_STACK=local} (processes on this machine), {@code
 * containers} (Testcontainers) or {@code auto}: containers when a Docker engine is reachable,
 * otherwise local. The CLI's {@code stack up} always runs local processes, which outlive it.
 */
public final class Stacks {
  public static final String ENV = "R1LAT_STACK";

  private Stacks() {}

  public enum Provider {
    LOCAL,
    CONTAINERS;

    static Provider choose(Map<String, String> env) {
      String v = env.getOrDefault(ENV, "auto").toLowerCase(Locale.ROOT);
      return switch (v) {
        case "local" -> LOCAL;
        case "containers", "testcontainers", "docker" -> CONTAINERS;
        case "auto" -> ContainerStack.dockerAvailable() ? CONTAINERS : LOCAL;
        default -> throw new StackException(ENV + "=" + v + ": expected local, containers or auto");
      };
    }
  }

  public static Provider chooseProvider(Map<String, String> env) {
    return Provider.choose(env);
  }

  public static Stack create(
      Provider provider,
      StackSettings settings,
      Topics topics,
      Long parentPid,
      Consumer<String> progress) {
    return switch (provider) {
      case LOCAL -> new LocalStack(settings, topics, parentPid, progress);
      case CONTAINERS -> new ContainerStack(topics, settings.topicPartitions());
    };
  }
}
