package dev.r1lat.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints every setting with its effective value, description and environment variable. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "List every setting: effective value, meaning, environment variable.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    System.out.print(config.settings().describe());
    return 0;
  }
}
