package dev.r1lat.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The main job. Until the streams app, sink and simulator land, it brings up the stack and says
 * plainly what is not there yet.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on the local stack with simulated fleet traffic.")
final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    var endpoints = StackCommand.localStack(config).start();
    System.out.println();
    System.out.println(
        "The local stack is up: Kafka at "
            + endpoints.kafkaBootstrap()
            + ", ClickHouse at "
            + endpoints.clickhouseHttpUrl()
            + ".");
    System.out.println(
        "Not built yet, so the demo stops here: the traffic simulator (issue 6),"
            + " the streams app (issue 3), the ClickHouse sink and schema (issue 5), anomalies"
            + " (issue 4).");
    System.out.println("Stop the stack with: ./r1lat stack down");
    return 0;
  }
}
