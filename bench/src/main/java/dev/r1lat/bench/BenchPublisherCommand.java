package dev.r1lat.bench;

import dev.r1lat.bench.ingest.PublisherBench;
import dev.r1lat.cli.ConfigOptions;
import dev.r1lat.cli.Main;
import dev.r1lat.cli.StackCommand;
import dev.r1lat.config.Durations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./r1lat bench publisher}: the caller-thread cost of the publisher library, a subcommand of
 * {@link BenchCommand}.
 */
final class BenchPublisherCommand {
  private BenchPublisherCommand() {}

  @Command(
      name = "publisher",
      mixinStandardHelpOptions = true,
      description = {
        "JMH: caller-thread cost per TimingPublisher.record() call (median, p99) beside a bare"
            + " KafkaProducer.send(), both against a real broker; about a minute.",
        "Without --bootstrap-servers it starts the local stack (./r1lat stack up) and uses it."
            + " Writes to its own topic, deleted afterwards. Targets: median <= 2 us, p99 <= 20 us."
      })
  static final class Publisher implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(names = "--bootstrap-servers", description = "Kafka to send to")
    String bootstrapServers;

    @Option(
        names = "--topic",
        defaultValue = "r1lat-bench.request-timings",
        description = "scratch topic, created and deleted (default ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--warmup", defaultValue = "8s", description = "warm-up per benchmark")
    String warmup;

    @Option(
        names = "--measurement",
        defaultValue = "21s",
        description = "measurement per benchmark")
    String measurement;

    @Option(
        names = "--forks",
        defaultValue = "1",
        description = "JVM forks (0 = in this JVM; default ${DEFAULT-VALUE})")
    int forks;

    @Option(names = "--verbose", description = "show JMH's own output")
    boolean verbose;

    @Option(names = "--strict", description = "exit with code 1 when record() misses a target")
    boolean strict;

    @Override
    public Integer call() throws Exception {
      String servers = bootstrapServers;
      if (servers == null) {
        servers = StackCommand.localStack(config).start().kafkaBootstrap();
      }
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
        if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
          admin
              .createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
              .all()
              .get(30, TimeUnit.SECONDS);
        }
        System.out.println(
            "benchmarking against "
                + servers
                + " topic "
                + topic
                + " (JMH, "
                + forks
                + " fork)...");
        PublisherBench.Report report =
            PublisherBench.run(
                servers,
                topic,
                Durations.parse(warmup),
                Durations.parse(measurement),
                forks,
                verbose);
        System.out.println();
        System.out.print(report.table());
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        return strict && !report.meetsTargets() ? Main.EXIT_FAILED : 0;
      }
    }
  }
}
