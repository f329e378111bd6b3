package dev.r1lat.cli;

import dev.r1lat.anomaly.alert.AlertForwarder;
import dev.r1lat.anomaly.alert.AlertForwarding;
import dev.r1lat.anomaly.alert.AlertSettings;
import dev.r1lat.anomaly.alert.AnomalyFilter;
import dev.r1lat.anomaly.alert.AnomalyFormatter;
import dev.r1lat.anomaly.alert.AnomalyJson;
import dev.r1lat.anomaly.alert.SqlLink;
import dev.r1lat.config.CommonKeys;
import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.sink.ClickHouseSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./r1lat alerts tail|forward}: the anomaly topic for people and for alerting systems. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Read the anomaly topic (r1.latency-anomalies): print it, or forward it.",
    subcommands = {AlertsCommand.Tail.class, AlertsCommand.Forward.class})
final class AlertsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The shared Kafka settings ({@code kafka.bootstrap-servers}, {@code kafka.*}), no group. */
  static Properties consumerProps(Settings s) {
    Properties p = new Properties();
    p.putAll(KafkaClientConfigs.base(s));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  static final class FilterOptions {
    @Option(names = "--kind", description = "only this kind, e.g. BASELINE_REGRESSION")
    String kind;

    @Option(names = "--region", description = "only this region")
    String region;

    @Option(names = "--state", description = "only OPEN, UPDATE or RESOLVED")
    String state;

    AnomalyFilter filter() {
      try {
        return AnomalyFilter.of(kind, region, state);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), e.getMessage());
      }
    }
  }

  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description =
          "Print anomaly events as they arrive, one readable line each (or JSON lines with --json)."
              + " Reads without a consumer group: it commits nothing.")
  static final class Tail implements Callable<Integer> {
    @Mixin ConfigOptions config;
    @Mixin FilterOptions filters;

    @Option(names = "--from-beginning", description = "start at the oldest retained event")
    boolean fromBeginning;

    @Option(names = "--json", description = "one JSON object per line (bench anomalies input)")
    boolean json;

    @Option(names = "--max", description = "exit after printing this many events")
    long max = Long.MAX_VALUE;

    @Option(
        names = "--idle-exit",
        paramLabel = "SECONDS",
        description = "exit when nothing new arrived for this long (default: follow forever)")
    long idleExitSeconds = 0;

    @Override
    public Integer call() {
      Settings s = config.settings();
      AnomalyFilter filter = filters.filter();
      AvroCodec<LatencyAnomaly> codec = AvroCodec.of(LatencyAnomaly.class);
      String topic = s.get(AlertSettings.TOPIC);
      long printed = 0;
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(s))) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
          System.err.println(
              "r1lat alerts tail: no topic " + topic + " at " + s.get(CommonKeys.KAFKA_BOOTSTRAP));
          return Main.EXIT_FAILED;
        }
        List<TopicPartition> parts =
            infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        if (fromBeginning) {
          consumer.seekToBeginning(parts);
        } else {
          consumer.seekToEnd(parts);
        }
        long lastNews = System.nanoTime();
        while (printed < max) {
          var records = consumer.poll(Duration.ofMillis(500));
          if (!records.isEmpty()) {
            lastNews = System.nanoTime();
          } else if (idleExitSeconds > 0
              && System.nanoTime() - lastNews > idleExitSeconds * 1_000_000_000L) {
            break;
          }
          for (ConsumerRecord<String, byte[]> r : records) {
            if (printed >= max) {
              break;
            }
            printed += print(r, codec, filter) ? 1 : 0;
          }
        }
      }
      return 0;
    }

    private boolean print(
        ConsumerRecord<String, byte[]> r, AvroCodec<LatencyAnomaly> codec, AnomalyFilter filter) {
      LatencyAnomaly a;
      try {
        a = codec.decode(r.value());
      } catch (RuntimeException e) {
        System.err.println(
            "r1lat alerts tail: undecodable event at "
                + r.topic()
                + "-"
                + r.partition()
                + "@"
                + r.offset()
                + ": "
                + e.getMessage());
        return false;
      }
      if (!filter.test(a)) {
        return false;
      }
      System.out.println(json ? AnomalyJson.toJson(a) : AnomalyFormatter.line(a));
      System.out.flush();
      return true;
    }
  }

  @Command(
      name = "forward",
      mixinStandardHelpOptions = true,
      description = {
        "Forward anomaly events to Alertmanager's API (--alertmanager: POST /api/v2/alerts, every"
            + " open alert re-posted each alerts.forward.repost-interval) or to a plain webhook"
            + " receiver (--webhook: Alertmanager's webhook JSON, version 4). Labels carry an"
            + " incident shared by the group levels of one fault: route with group_by: [incident].",
        "An event's offset is committed only once the receiver answered 2xx, or, for a 4xx (other"
            + " than 408/429) or an undecodable event, once alerts.forward.dlq-topic acknowledged it"
            + " with the answer in headers. 5xx and network errors are retried with back-off"
            + " (alerts.forward.initial-backoff .. max-backoff), so nothing is lost; a restart"
            + " resumes at the committed offset. Stop with Ctrl-C."
      })
  static final class Forward implements Callable<Integer> {
    @Mixin ConfigOptions config;
    @Mixin FilterOptions filters;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Receiver receiver;

    static final class Receiver {
      @Option(
          names = "--alertmanager",
          paramLabel = "URL",
          description = "Alertmanager base URL, e.g. http://alertmanager:9093")
      URI alertmanager;

      @Option(names = "--webhook", paramLabel = "URL", description = "plain webhook receiver URL")
      URI webhook;

      AlertForwarding.Target target() {
        return alertmanager != null
            ? new AlertForwarding.Target(AlertForwarding.Mode.ALERTMANAGER, alertmanager)
            : new AlertForwarding.Target(AlertForwarding.Mode.WEBHOOK, webhook);
      }
    }

    @Override
    public Integer call() {
      AlertForwarding.Target target = receiver.target();
      if (target.url().getScheme() == null || !target.url().getScheme().startsWith("http")) {
        System.err.println("r1lat alerts forward: the receiver must be an http(s) URL");
        return Main.EXIT_USAGE;
      }
      if (target.mode() == AlertForwarding.Mode.ALERTMANAGER && filters.state != null) {
        // Alertmanager must see every lifecycle event: without RESOLVED an alert fires forever
        System.err.println(
            "r1lat alerts forward: --state cannot be used with --alertmanager (it needs OPEN,"
                + " UPDATE and RESOLVED to fire and resolve alerts)");
        return Main.EXIT_USAGE;
      }
      Settings s = config.settings();
      AnomalyFilter filter = filters.filter();
      AtomicBoolean stop = new AtomicBoolean();
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.set(true);
                    try {
                      main.join(15_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      System.err.println(
          "r1lat alerts forward: "
              + s.get(CommonKeys.KAFKA_BOOTSTRAP)
              + " "
              + s.get(AlertSettings.TOPIC)
              + " -> "
              + target.postUrl());
      AlertForwarder.Stats st =
          AlertForwarding.run(
              s,
              target,
              sqlLink(config),
              filter,
              stop,
              m -> System.err.println("r1lat alerts forward: " + m));
      System.err.println(
          "r1lat alerts forward: stopped; delivered "
              + st.delivered()
              + ", dead-lettered "
              + st.deadLettered()
              + ", retries "
              + st.retries()
              + ", re-posts "
              + st.reposts());
      return 0;
    }

    /** The SQL link points at the ClickHouse people open, without credentials. */
    static SqlLink sqlLink(ConfigOptions config) {
      ClickHouseSettings ch = SinkCommand.clickhouse(config);
      String url = config.settings().get(AlertSettings.CLICKHOUSE_URL);
      return new SqlLink(url.isBlank() ? ch.displayUrl() : url, ch.database());
    }
  }
}
