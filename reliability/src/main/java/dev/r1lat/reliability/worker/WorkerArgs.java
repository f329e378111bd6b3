package dev.r1lat.reliability.worker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Arguments of a worker JVM: {@code --parent PID} (halt when that process is gone, so a killed test
 * JVM leaves no worker behind), optional {@code --pause-after-insert N}, then settings as {@code
 * key=value}, with the same names as {@code ./r1lat --set}.
 */
record WorkerArgs(long parentPid, int pauseAfterInsert, Map<String, String> settings) {

  static WorkerArgs parse(String[] args) {
    long parent = -1;
    int pause = 0;
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--parent" -> parent = Long.parseLong(args[++i]);
        case "--pause-after-insert" -> pause = Integer.parseInt(args[++i]);
        default -> {
          int eq = args[i].indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("expected key=value, got " + args[i]);
          }
          settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
      }
    }
    return new WorkerArgs(parent, pause, settings);
  }

  void watchParent() {
    if (parentPid < 0) {
      return;
    }
    Thread watcher =
        new Thread(
            () -> {
              while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
