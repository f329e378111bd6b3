package dev.r1lat.bench;

import dev.r1lat.cli.Main;
import picocli.CommandLine;

/**
 * Entry point of {@code ./r1lat bench ...}: the launcher runs it from the bench module's jar, so no
 * benchmark harness (JMH, TopologyTestDriver, the reliability suite) is on a shipped classpath.
 * Exit codes as {@code ./r1lat}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setCommandName("r1lat bench");
    return Main.withExitCodes(cli);
  }
}
