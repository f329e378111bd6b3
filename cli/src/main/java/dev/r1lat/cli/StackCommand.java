package dev.r1lat.cli;

import dev.r1lat.schema.Topics;
import dev.r1lat.stack.LocalStack;
import dev.r1lat.stack.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./r1lat stack up|status|down}: the local Kafka + ClickHouse processes. */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Start, check and stop the local stack: a Kafka broker (KRaft) and ClickHouse, each its own"
          + " process on 127.0.0.1, data and logs under stack.state-dir (default .state/stack).",
      "Ports: stack.kafka.port (19092), stack.kafka.controller-port (19093),"
          + " stack.clickhouse.http-port (18123), stack.clickhouse.tcp-port (19000).",
      "Secured: stack.kafka.security=sasl_ssl (TLS + SCRAM-SHA-512 users; a fresh state dir) and"
          + " stack.clickhouse.auth=true (users admin, sink, analyst); credentials are generated"
          + " into STATE/security, and STATE/security/client.properties is a --config for clients"
          + " (Kafka user r1lat: all rights); STATE/security/kafka-r1lat-COMPONENT.properties"
          + " logs in as that component's user, which holds only its ACLs."
    },
    subcommands = {StackCommand.Up.class, StackCommand.Status.class, StackCommand.Down.class})
public final class StackCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static LocalStack localStack(ConfigOptions config) {
    // on a secured broker each component gets its own user with only its ACLs
    return new LocalStack(
        config.stack(),
        Topics.defaults(),
        null,
        System.out::println,
        ComponentAcls.all(config.settings()));
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description =
          "Start both services (downloading ClickHouse once), wait until they answer,"
              + " create the topics and the r1lat database. Idempotent.")
  static final class Up implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Override
    public Integer call() {
      LocalStack stack = localStack(config);
      var endpoints = stack.start();
      System.out.println("kafka.bootstrap-servers = " + endpoints.kafkaBootstrap());
      System.out.println("clickhouse.url          = " + endpoints.clickhouseHttpUrl());
      if (stack.settings().kafkaSecured() || stack.settings().clickhouseAuth()) {
        // the settings file holds the credentials; only its path is printed
        System.out.println(
            "secured: run commands with --config " + stack.security().clientConfigFile());
      }
      if (stack.settings().kafkaSecured()) {
        for (var user : stack.kafkaUsers()) {
          System.out.println(
              "  as "
                  + user.user()
                  + " (its ACLs only): --config "
                  + stack.security().clientConfigFile(user.user()));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Report whether each service runs and answers. Exit code 3 if one does not.")
  static final class Status implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Override
    public Integer call() {
      boolean allHealthy = true;
      for (Stack.ServiceStatus s : localStack(config).status()) {
        System.out.printf(
            "%-10s %-9s %s%n", s.service(), s.healthy() ? "healthy" : "DOWN", s.detail());
        allHealthy &= s.healthy();
      }
      return allHealthy ? 0 : 3;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stop both services (SIGTERM, then SIGKILL after 20 s). Data is kept.")
  static final class Down implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Override
    public Integer call() {
      localStack(config).stop();
      return 0;
    }
  }
}
