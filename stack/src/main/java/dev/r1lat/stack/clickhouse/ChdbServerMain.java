package dev.r1lat.stack.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs ClickHouse (clickhouse-local from libchdb.so) as a server process: it opens the HTTP and
 * native TCP listeners on the loopback address, then blocks on a query that never ends, so the
 * engine keeps serving until the process is stopped (SIGTERM). Only {@code chdb_query_cmdline}
 * starts listeners; the session API refuses ("start_servers_callback is not set").
 *
 * <p>Arguments: {@code LIBCHDB DATA_DIR HTTP_PORT TCP_PORT [--exit-with-parent PID] [--config-file
 * FILE]}. The config file (users.xml with password-protected users and roles, see the stack's
 * ClickHouseUsers) turns on authentication; without it every user is unauthenticated. The engine's
 * own session always logs in as {@code default} without a password (clickhouse-local hard-codes
 * that), so that file keeps {@code default} password-less but allowed nothing beyond this class's
 * own statements.
 */
public final class ChdbServerMain {
  /** Blocks forever at negligible cost: one row per hour, each row its own block. */
  static final String BLOCKING_QUERY =
      "SELECT sleepEachRow(3) FROM system.numbers FORMAT Null "
          + "SETTINGS max_block_size = 1, function_sleep_max_microseconds_per_block = 0, "
          + "max_execution_time = 0";

  interface Chdb extends Library {
    Pointer chdb_query_cmdline(int argc, StringArray argv);
  }

  private ChdbServerMain() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println(
          "usage: ChdbServerMain LIBCHDB DATA_DIR HTTP_PORT TCP_PORT"
              + " [--exit-with-parent PID] [--config-file FILE]");
      System.exit(2);
    }
    String configFile = null;
    for (int i = 4; i + 1 < args.length; i += 2) {
      if (args[i].equals("--exit-with-parent")) {
        ParentWatch.start(Long.parseLong(args[i + 1]));
      } else if (args[i].equals("--config-file")) {
        configFile = args[i + 1];
      }
    }
    Chdb chdb = Native.load(args[0], Chdb.class);
    List<String> argv = new ArrayList<>();
    argv.add("clickhouse");
    if (configFile != null) {
      argv.add("--config-file=" + configFile);
    }
    argv.add("--path=" + args[1]);
    argv.add("--http_port=" + args[2]);
    argv.add("--tcp_port=" + args[3]);
    argv.add("--listen_host=127.0.0.1");
    argv.add("--multiquery");
    argv.add("--query=SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; " + BLOCKING_QUERY);
    System.err.println("ClickHouse serving HTTP on 127.0.0.1:" + args[2] + ", data in " + args[1]);
    chdb.chdb_query_cmdline(argv.size(), new StringArray(argv.toArray(new String[0])));
    System.err.println("ClickHouse query loop ended");
    System.exit(1);
  }
}
