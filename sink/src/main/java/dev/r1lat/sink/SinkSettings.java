package dev.r1lat.sink;

import dev.r1lat.config.CommonKeys;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.KafkaClientConfigs;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.TimingRules;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the sink, parsed once. Immutable.
 *
 * @param kafkaOverrides the raw {@code kafka.*} client settings (security, tuning) for the sink's
 *     consumer, dead-letter producer and admin client
 * @param timingRules the event rules a raw event must pass to be stored: the limits come from the
 *     keys the streams app reads too ({@code events.max-timing-ms}, {@code events.max-future-skew},
 *     {@code events.max-age})
 * @param insertTimeout an insert taking longer is abandoned and retried (a hanging ClickHouse)
 * @param maxPartitionsPerInsert ClickHouse's {@code max_partitions_per_insert_block} for the sink's
 *     inserts; a batch over it is bisected, never retried as is
 * @param metricsPort Prometheus {@code /metrics} port on {@code metricsBind}, 0 = off
 */
public record SinkSettings(
    String bootstrapServers,
    String groupId,
    String topicPrefix,
    String dlqTopic,
    int maxRows,
    Duration maxDelay,
    Duration retryInitial,
    Duration retryMax,
    Duration pollTimeout,
    Duration recoveryTimeout,
    int writerThreads,
    Map<String, String> kafkaOverrides,
    TimingRules timingRules,
    Duration insertTimeout,
    int maxPartitionsPerInsert,
    String metricsBind,
    int metricsPort) {

  /** The rules at the keys' default limits. */
  public static final TimingRules DEFAULT_TIMING_RULES =
      timingRules(Settings.defaults(CommonKeys.EVENT_RULES));

  public static final ConfigKey<String> BOOTSTRAP = CommonKeys.KAFKA_BOOTSTRAP;
  public static final ConfigKey<String> GROUP_ID =
      ConfigKey.string("sink.group-id", "r1lat-sink", "Kafka consumer group of the sink");
  public static final ConfigKey<String> TOPIC_PREFIX =
      ConfigKey.string("sink.topic-prefix", "", "prefix of the topic names read (tests, benches)");
  public static final ConfigKey<String> DLQ_TOPIC =
      ConfigKey.string(
          "sink.dlq-topic", "r1.sink.dlq", "dead-letter topic for poison records (prefixed too)");
  public static final ConfigKey<Integer> MAX_ROWS =
      ConfigKey.integer(
          "sink.batch.max-rows", 100_000, "a partition's batch is written at this size");
  public static final ConfigKey<Duration> MAX_DELAY =
      ConfigKey.duration(
          "sink.batch.max-delay", "1s", "... or when its oldest record has waited this long");
  public static final ConfigKey<Duration> RETRY_INITIAL =
      ConfigKey.duration(
          "sink.retry.initial", "200ms", "first back-off after a failed insert (then doubles)");
  public static final ConfigKey<Duration> RETRY_MAX =
      ConfigKey.duration("sink.retry.max", "10s", "longest back-off between insert attempts");
  public static final ConfigKey<Duration> POLL_TIMEOUT =
      ConfigKey.duration("sink.poll-timeout", "200ms", "longest wait of one Kafka poll");
  public static final ConfigKey<Duration> RECOVERY_TIMEOUT =
      ConfigKey.duration(
          "sink.recovery-timeout",
          "60s",
          "wait for the records of a pending batch before cutting it short (retention gap)");

  public static final ConfigKey<Integer> WRITER_THREADS =
      ConfigKey.integer(
          "sink.writer-threads",
          2,
          "batches of one round inserted in parallel (one per partition)");

  public static final ConfigKey<Duration> INSERT_TIMEOUT =
      ConfigKey.duration(
          "sink.insert-timeout",
          "60s",
          "an insert still running after this is abandoned and retried (hanging ClickHouse)");
  public static final ConfigKey<Integer> MAX_PARTITIONS_PER_INSERT =
      ConfigKey.integer(
          "sink.max-partitions-per-insert",
          100,
          "ClickHouse max_partitions_per_insert_block of the sink's inserts (over it: bisected)");
  public static final ConfigKey<String> METRICS_BIND =
      ConfigKey.string("sink.metrics-bind", "127.0.0.1", "address of the sink's /metrics");
  public static final ConfigKey<Integer> METRICS_PORT =
      ConfigKey.port("sink.metrics-port", 9465, "Prometheus /metrics of the sink (0 = off)");

  public static final List<ConfigKey<?>> KEYS =
      List.of(
          BOOTSTRAP,
          GROUP_ID,
          TOPIC_PREFIX,
          DLQ_TOPIC,
          MAX_ROWS,
          MAX_DELAY,
          RETRY_INITIAL,
          RETRY_MAX,
          POLL_TIMEOUT,
          RECOVERY_TIMEOUT,
          WRITER_THREADS,
          INSERT_TIMEOUT,
          MAX_PARTITIONS_PER_INSERT,
          METRICS_BIND,
          METRICS_PORT,
          CommonKeys.MAX_TIMING_MS,
          CommonKeys.MAX_FUTURE_SKEW,
          CommonKeys.MAX_AGE);

  public SinkSettings {
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  /** The event rules with the shared limits of {@code s}. */
  public static TimingRules timingRules(Settings s) {
    return TimingRules.of(
        s.get(CommonKeys.MAX_TIMING_MS),
        s.get(CommonKeys.MAX_FUTURE_SKEW),
        s.get(CommonKeys.MAX_AGE));
  }

  public static SinkSettings from(Settings s, String localStackBootstrap) {
    String bootstrap = s.get(BOOTSTRAP).isBlank() ? localStackBootstrap : s.get(BOOTSTRAP);
    return new SinkSettingsBuilder()
        .bootstrapServers(bootstrap)
        .groupId(s.get(GROUP_ID))
        .topicPrefix(s.get(TOPIC_PREFIX))
        .dlqTopic(s.get(TOPIC_PREFIX) + s.get(DLQ_TOPIC))
        .maxRows(s.get(MAX_ROWS))
        .maxDelay(s.get(MAX_DELAY))
        .retryInitial(s.get(RETRY_INITIAL))
        .retryMax(s.get(RETRY_MAX))
        .pollTimeout(s.get(POLL_TIMEOUT))
        .recoveryTimeout(s.get(RECOVERY_TIMEOUT))
        .writerThreads(s.get(WRITER_THREADS))
        .kafkaOverrides(KafkaClientConfigs.overrides(s))
        .timingRules(timingRules(s))
        .insertTimeout(s.get(INSERT_TIMEOUT))
        .maxPartitionsPerInsert(s.get(MAX_PARTITIONS_PER_INSERT))
        .metricsBind(s.get(METRICS_BIND))
        .metricsPort(s.get(METRICS_PORT))
        .build();
  }

  /**
   * Defaults for tests: everything from the key defaults except where to connect, and no metrics
   * endpoint (tests run many sinks side by side).
   */
  public static SinkSettings defaults(String bootstrap, String groupId, String topicPrefix) {
    return of(
        bootstrap,
        Map.of(
            GROUP_ID.name(), groupId, TOPIC_PREFIX.name(), topicPrefix, METRICS_PORT.name(), "0"));
  }

  /**
   * The key defaults with {@code overrides} (key name to value), connecting to {@code bootstrap}.
   */
  public static SinkSettings of(String bootstrap, Map<String, String> overrides) {
    Map<String, String> flags = new HashMap<>(overrides);
    flags.put(BOOTSTRAP.name(), bootstrap);
    return from(Settings.load(KEYS, null, Map.of(), flags), bootstrap);
  }

  /** A builder holding these settings, to change some of them. */
  public SinkSettingsBuilder toBuilder() {
    return new SinkSettingsBuilder(this);
  }

  public SinkSettings withBatching(int rows, Duration delay) {
    return toBuilder().maxRows(rows).maxDelay(delay).build();
  }

  public SinkSettings withWriterThreads(int threads) {
    return toBuilder().writerThreads(threads).build();
  }

  public SinkSettings withInserts(Duration timeout, int maxPartitions) {
    return toBuilder().insertTimeout(timeout).maxPartitionsPerInsert(maxPartitions).build();
  }

  /** Bootstrap servers and the Kafka client overrides: the base of every client of the sink. */
  public Map<String, Object> kafkaClientBase() {
    return KafkaClientConfigs.base(bootstrapServers, kafkaOverrides);
  }

  /** Without secrets: the Kafka client settings are listed with their secret values masked. */
  @Override
  public String toString() {
    return "SinkSettings[bootstrapServers="
        + bootstrapServers
        + ", groupId="
        + groupId
        + ", topicPrefix="
        + topicPrefix
        + ", dlqTopic="
        + dlqTopic
        + ", maxRows="
        + maxRows
        + ", maxDelay="
        + maxDelay
        + ", writerThreads="
        + writerThreads
        + ", insertTimeout="
        + insertTimeout
        + ", maxPartitionsPerInsert="
        + maxPartitionsPerInsert
        + ", metrics="
        + (metricsPort == 0 ? "off" : metricsBind + ":" + metricsPort)
        + ", "
        + timingRules
        + ", kafka={"
        + KafkaClientConfigs.describe(kafkaOverrides)
        + "}]";
  }

  public BatchingPolicy policy() {
    return new BatchingPolicy(maxRows, maxDelay, recoveryTimeout);
  }

  public Backoff backoff() {
    return new Backoff(retryInitial, retryMax);
  }
}
