package dev.r1lat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time of another process on this machine, from Linux's {@code /proc}: what {@link ProcessCpu}
 * is for this JVM, for a service the benchmark talks to over a loopback port (ClickHouse). The
 * process is found by the port it listens on, so the benchmark needs no pid file of whoever started
 * it.
 */
public final class ProcStat {
  /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux of this project. */
  static final long TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** CPU time (user + system) of {@code pid} in nanoseconds; -1 if it cannot be read. */
  public static long cpuNanos(long pid) {
    try {
      return cpuNanosOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * utime + stime (fields 14 and 15) of a /proc/PID/stat line. The command name (field 2) is in
   * parentheses and may hold spaces and parentheses itself, so fields are counted after the last
   * ')'.
   */
  static long cpuNanosOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    // after ')': f[0] is field 3 (state), so field N is f[N - 3]
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /** The pid of the process listening on TCP {@code port} of this machine, if one is found. */
  public static OptionalLong listeningOn(int port) {
    try {
      String socket = null;
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        Path p = Path.of(table);
        if (socket == null && Files.exists(p)) {
          socket = listeningInode(Files.readAllLines(p), port);
        }
      }
      if (socket == null) {
        return OptionalLong.empty();
      }
      String link = "socket:[" + socket + "]";
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        return procs
            .filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
            .filter(d -> holds(d, link))
            .mapToLong(d -> Long.parseLong(d.getFileName().toString()))
            .findFirst();
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** The socket inode of the LISTEN row (state 0A) for {@code port} in a /proc/net/tcp table. */
  static String listeningInode(List<String> table, int port) {
    String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
    for (String line : table.subList(Math.min(1, table.size()), table.size())) {
      String[] f = line.trim().split(" +");
      if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
        return f[9];
      }
    }
    return null;
  }

  private static boolean holds(Path proc, String link) {
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      return fds.anyMatch(fd -> link.equals(readLink(fd)));
    } catch (IOException | RuntimeException e) {
      return false; // gone, or not ours to read
    }
  }

  private static String readLink(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return "";
    }
  }
}
