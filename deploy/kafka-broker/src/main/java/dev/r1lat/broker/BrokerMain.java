package dev.r1lat.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the Kafka broker ({@code kafka.Kafka}) after arming an optional parent watch: with {@code
 * --exit-with-parent PID}, the broker halts when that process is gone, so a test JVM that dies
 * (even by SIGKILL) never leaves a broker behind. {@code ./r1lat stack up} starts it without a
 * watch, since the stack outlives the command.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    String[] rest = args;
    if (args.length >= 2 && args[0].equals("--exit-with-parent")) {
      watchParent(Long.parseLong(args[1]));
      rest = Arrays.copyOfRange(args, 2, args.length);
    }
    if (rest.length > 0 && rest[0].equals("--format")) {
      // kafka.tools.StorageTool format -t ID -c server.properties, in-process so that the caller
      // sees its exit code
      List<String> format = new ArrayList<>(Arrays.asList(rest));
      format.set(0, "format");
      // SCRAM users to create with the storage come from the environment, one per line, so
      // their passwords never appear in a process listing
      String scram = System.getenv("R1LAT_BROKER_ADD_SCRAM");
      if (scram != null) {
        for (String user : scram.split("\n")) {
          if (!user.isBlank()) {
            format.add("--add-scram");
            format.add(user.trim());
          }
        }
      }
      Class.forName("kafka.tools.StorageTool")
          .getMethod("main", String[].class)
          .invoke(null, (Object) format.toArray(new String[0]));
      return;
    }
    Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) rest);
  }

  static void watchParent(long pid) {
    Thread watcher =
        new Thread(
            () -> {
              while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
              System.err.println("parent process " + pid + " is gone; stopping the broker");
              Runtime.getRuntime().halt(0);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
