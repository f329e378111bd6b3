package dev.r1lat.stack.clickhouse;

/** Halts this process when the given parent process is gone, so test JVMs leave nothing behind. */
final class ParentWatch {
  private ParentWatch() {}

  static void start(long pid) {
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
              System.err.println("parent process " + pid + " is gone; stopping");
              Runtime.getRuntime().halt(0);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
