package dev.r1lat.cli;

import dev.r1lat.config.ConfigException;
import dev.r1lat.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./r1lat}. Exit codes: 0 ok, 1 failed (one-line reason), 2 bad usage. */
@Command(
    name = "r1lat",
    mixinStandardHelpOptions = true,
    version = "r1lat 0.1.0",
    description = "Streaming latency analytics for DeepSeek R1 inference fleets.",
    subcommands = {
      StackCommand.class,
      DemoCommand.class,
      StreamsCommand.class,
      BenchLauncher.class,
      KafkaTopicsCommand.class,
      ConfigCommand.class,
      DetectCommand.class,
      AlertsCommand.class,
      MigrateCommand.class,
      SinkCommand.class,
      SqlCommand.class,
      ReportCommand.class,
      SimulateCommand.class,
      GatewayCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return withExitCodes(new CommandLine(new Main()));
  }

  /**
   * The exit codes and one-line failure reasons every r1lat command line shares (the bench module's
   * entry point uses it too).
   */
  public static CommandLine withExitCodes(CommandLine cli) {
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException) {
            commandLine.getErr().println("r1lat: configuration error: " + e.getMessage());
            return EXIT_USAGE;
          }
          if (e instanceof StackException) {
            commandLine.getErr().println("r1lat: " + e.getMessage());
            return EXIT_FAILED;
          }
          commandLine.getErr().println("r1lat: " + e);
          if (System.getenv("R1LAT_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          } else {
            commandLine.getErr().println("(set R1LAT_DEBUG=1 for the stack trace)");
          }
          return EXIT_FAILED;
        });
    return cli;
  }
}
