package dev.r1lat.sink;

import dev.r1lat.metrics.PrometheusTextEndpoint;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.write.BatchWriter;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.sink.write.SinkTable;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A production sink wired from settings: a Kafka consumer (read_committed, manual commits), the
 * dead-letter producer (idempotent), client-v2 to ClickHouse. Owns and closes all three.
 */
public final class SinkRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SinkRuntime.class);

  private final KafkaProducer<byte[], byte[]> dlqProducer;
  private final KafkaSink sink;
  private final PrometheusTextEndpoint endpoint;
  private final KafkaClientMetrics consumerMetrics;

  private SinkRuntime(
      KafkaProducer<byte[], byte[]> dlqProducer,
      KafkaSink sink,
      PrometheusTextEndpoint endpoint,
      KafkaClientMetrics consumerMetrics) {
    this.dlqProducer = dlqProducer;
    this.sink = sink;
    this.endpoint = endpoint;
    this.consumerMetrics = consumerMetrics;
  }

  public static SinkRuntime start(SinkSettings s, ClickHouseSettings ch) {
    return start(s, writer(s, ch));
  }

  /**
   * The ClickHouse writer of the sink: inserts abandoned after {@code sink.insert-timeout} (then on
   * a fresh client), {@code max_partitions_per_insert_block} from the settings.
   */
  public static ClickHouseBatchWriter writer(SinkSettings s, ClickHouseSettings ch) {
    return new ClickHouseBatchWriter(
        ch::client,
        ch.database(),
        Map.of(
            "max_partitions_per_insert_block",
            Integer.toString(s.maxPartitionsPerInsert()),
            // request_timings collapses retried requests when parts merge; collapsing each block
            // again at insert (a row-by-row pass over every column) would cost the hot path
            "optimize_on_insert",
            "0"),
        s.insertTimeout());
  }

  /** With another writer (tests wrap the real one to simulate a crash after an insert). */
  public static SinkRuntime start(SinkSettings s, BatchWriter writer) {
    ensureTopic(s.kafkaClientBase(), s.dlqTopic());
    Map<String, Object> producerConfig = s.kafkaClientBase();
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(s), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(registry);
    KafkaSink sink =
        new KafkaSink(
            consumer,
            tablesByTopic(Topics.withPrefix(s.topicPrefix()), s.timingRules()),
            writer,
            DeadLetters.kafka(producer, s.dlqTopic()),
            s,
            new SinkMetrics(registry));
    return new SinkRuntime(producer, sink, endpoint(s, registry), consumerMetrics);
  }

  /**
   * The /metrics endpoint, or null when off. A port already taken costs the endpoint, not the sink:
   * writing the data matters more than describing it (the log says so).
   */
  private static PrometheusTextEndpoint endpoint(SinkSettings s, PrometheusMeterRegistry registry) {
    if (s.metricsPort() == 0) {
      return null;
    }
    try {
      return new PrometheusTextEndpoint(registry::scrape, s.metricsBind(), s.metricsPort());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "sink metrics endpoint {}:{} not started ({}); set sink.metrics-port",
          s.metricsBind(),
          s.metricsPort(),
          e.toString());
      return null;
    }
  }

  /** The port /metrics is served on, or -1 when the endpoint is off. */
  public int metricsPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  public KafkaSink sink() {
    return sink;
  }

  /** Each topic's table; raw events are stored only if {@code rules} accept them. */
  public static Map<String, SinkTable<?>> tablesByTopic(Topics topics, TimingRules rules) {
    Map<String, SinkTable<?>> m = new LinkedHashMap<>();
    m.put(topics.requestTimings().name(), SinkTables.requestTimings(rules));
    m.put(topics.latencyStats1m().name(), SinkTables.LATENCY_STATS_1M);
    m.put(topics.latencyAnomalies().name(), SinkTables.LATENCY_ANOMALIES);
    return m;
  }

  static Map<String, Object> consumerConfig(SinkSettings s) {
    Map<String, Object> c = s.kafkaClientBase();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // the streams app writes with exactly_once_v2: never read its aborted records
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    return c;
  }

  static void ensureTopic(Map<String, Object> adminConfig, String topic) {
    try (Admin admin = Admin.create(adminConfig)) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create dead-letter topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
    consumerMetrics.close(); // its refresh thread would keep the JVM alive
    sink.close();
    dlqProducer.close();
  }
}
