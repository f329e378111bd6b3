package dev.r1lat.streams;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.metrics.PrometheusTextEndpoint;
import dev.r1lat.schema.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * A running instance of the streams app: Kafka Streams, its metrics and the /metrics endpoint. Bad
 * input never reaches the uncaught-exception handler (it goes to the DLQ); anything that does is a
 * real fault, so the client shuts down and the process exits non-zero instead of crash-looping.
 */
public final class StreamsApp implements AutoCloseable {
  private final KafkaStreams streams;
  private final PipelineMetrics metrics;
  private final PrometheusTextEndpoint endpoint;
  private final KafkaStreamsMetrics clientMetrics;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Throwable failure;

  private StreamsApp(StreamsSettings s, Topics topics, Consumer<String> log) throws IOException {
    int partitions = inputPartitions(s, topics, log);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.metrics = new PipelineMetrics(registry);
    var topology =
        LatencyTopology.build(
            TopologySettings.of(s, topics, partitions),
            ReplaySource.kafka(
                StreamsConfigFactory.replayConsumer(s),
                StreamsConfigFactory.replayBound(StreamsConfigFactory.properties(s))),
            metrics,
            new AnomalyEngine(s.detector()));
    this.streams = new KafkaStreams(topology, StreamsConfigFactory.properties(s));
    this.clientMetrics = new KafkaStreamsMetrics(streams);
    clientMetrics.bindTo(registry);
    streams.setUncaughtExceptionHandler(
        e -> {
          failure = e;
          log.accept("streams app failed: " + e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          log.accept("state " + before + " -> " + now);
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
    this.endpoint =
        s.metricsPort() > 0
            ? new PrometheusTextEndpoint(registry::scrape, s.metricsBind(), s.metricsPort())
            : null;
  }

  public static StreamsApp start(StreamsSettings s, Topics topics, Consumer<String> log)
      throws IOException {
    StreamsApp app = new StreamsApp(s, topics, log);
    app.streams.start();
    return app;
  }

  /**
   * Partitions of the input topic; the merger waits for a watermark from each of them. Also warns
   * when the topic keeps the producers' timestamps: stream time is bounded by record timestamps,
   * which are then the producer hosts' clocks instead of the broker's.
   */
  static int inputPartitions(StreamsSettings s, Topics topics, Consumer<String> log) {
    String topic = topics.requestTimings().name();
    try (Admin admin =
        Admin.create(KafkaClientConfigs.base(s.bootstrapServers(), s.kafkaOverrides()))) {
      TopicDescription d =
          admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      warnOnCreateTime(admin, topic, log);
      return d.partitions().size();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot describe input topic "
              + topic
              + " at "
              + s.bootstrapServers()
              + " (is Kafka up and the topic created? ./r1lat stack up): "
              + e.getMessage(),
          e);
    }
  }

  static void warnOnCreateTime(Admin admin, String topic, Consumer<String> log) {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    String type;
    try {
      ConfigEntry e =
          admin
              .describeConfigs(List.of(r))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get(r)
              .get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
      type = e == null ? null : e.value();
    } catch (Exception e) { // e.g. not authorized to describe configs: the check is advisory
      log.accept("could not read " + topic + " message.timestamp.type: " + e.getMessage());
      return;
    }
    String warning = timestampTypeWarning(topic, type);
    if (warning != null) {
      log.accept(warning);
    }
  }

  /** The start-up warning for the input topic's timestamp type, or null when there is none. */
  static String timestampTypeWarning(String topic, String timestampType) {
    if (!"CreateTime".equals(timestampType)) {
      return null;
    }
    return "WARNING: "
        + topic
        + " has message.timestamp.type=CreateTime: record timestamps are the producers'"
        + " clocks, so a producer clock running ahead can still move stream time ahead (up to"
        + " events.max-future-skew) and make other producers' events late. Set"
        + " message.timestamp.type=LogAppendTime on the topic.";
  }

  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (streams.state() == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (stopped.getCount() == 0) {
        return false;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Blocks until the app stops; returns the failure that stopped it, if any. */
  public Throwable awaitStop() throws InterruptedException {
    stopped.await();
    return failure;
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public Integer metricsPort() {
    return endpoint == null ? null : endpoint.port();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    clientMetrics.close();
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
