package dev.r1lat.streams;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.LatencySlos;
import dev.r1lat.config.CommonKeys;
import dev.r1lat.config.ConfigKey;
import dev.r1lat.config.Settings;
import dev.r1lat.schema.TimingRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Everything the streams app is configured by; parsed once, immutable. */
public record StreamsSettings(
    String bootstrapServers,
    String applicationId,
    String topicPrefix,
    Duration windowSize,
    Duration grace,
    Duration idleAdvance,
    Duration eventTimeAllowance,
    TimingRules timingRules,
    String processingGuarantee,
    Path stateDir,
    java.time.Duration commitInterval,
    long rocksDbCacheBytes,
    int threads,
    boolean groupByModel,
    CardinalityGuard.Limits limits,
    LatencySlos slo,
    String metricsBind,
    int metricsPort,
    Map<String, String> kafkaOverrides,
    DetectorConfig detector,
    LateCorrectionSettings lateCorrections) {

  public static final ConfigKey<String> BOOTSTRAP = CommonKeys.KAFKA_BOOTSTRAP;
  public static final ConfigKey<String> APPLICATION_ID =
      ConfigKey.string(
          "streams.application-id",
          "r1lat-streams",
          "Kafka Streams application.id (consumer group, internal topic prefix)");
  public static final ConfigKey<String> TOPIC_PREFIX =
      ConfigKey.string("topics.prefix", "", "prefix before every pipeline topic name");
  public static final ConfigKey<Duration> WINDOW =
      ConfigKey.duration("streams.window", "1m", "tumbling event-time window size");
  public static final ConfigKey<Duration> GRACE =
      ConfigKey.duration(
          "streams.grace",
          "30s",
          "how long after a window ends late events still count (event time)");

  public static final ConfigKey<Duration> IDLE_ADVANCE =
      ConfigKey.duration(
          "streams.idle-advance",
          "30s",
          "a partition without input this long (wall clock) advances its event time by wall time,"
              + " so its windows still close");

  public static final ConfigKey<Duration> EVENT_TIME_ALLOWANCE =
      ConfigKey.duration(
          "streams.event-time-allowance",
          "2s",
          "an event moves stream time to at most its Kafka (broker append) timestamp plus this");

  public static final ConfigKey<Duration> LATE_CORRECTION_INTERVAL =
      ConfigKey.duration(
          "streams.late.correction-interval",
          "1m",
          "late events of a closed window are emitted as one correction row per window at most this"
              + " often (wall clock)");

  public static final ConfigKey<Duration> LATE_HORIZON =
      ConfigKey.duration(
          "streams.late.horizon",
          "7d",
          "late events whose window ended longer ago than this (before their Kafka timestamp) are"
              + " quarantined instead of corrected; at most events.max-age");

  public static final ConfigKey<String> GUARANTEE =
      ConfigKey.string(
          "streams.processing-guarantee", "exactly_once_v2", "exactly_once_v2 or at_least_once");
  public static final ConfigKey<Path> STATE_DIR =
      ConfigKey.path("streams.state-dir", ".state/streams", "Kafka Streams state directory");
  public static final ConfigKey<Duration> COMMIT_INTERVAL =
      ConfigKey.duration(
          "streams.commit-interval",
          "1s",
          "how often a transaction commits; output becomes visible to read_committed readers then");
  public static final ConfigKey<Long> ROCKSDB_CACHE_MB =
      ConfigKey.longValue(
          "streams.rocksdb-cache-mb",
          64,
          "one block cache + write buffer budget shared by all RocksDB stores");
  public static final ConfigKey<Integer> THREADS =
      ConfigKey.integer(
          "streams.threads", 2, "stream threads in this instance (one per core is typical)");
  public static final ConfigKey<Boolean> GROUP_BY_MODEL =
      ConfigKey.bool("streams.group-by-model", false, "add the model as a group dimension");
  public static final ConfigKey<String> ALLOWED_REGIONS =
      ConfigKey.string(
          "streams.allowed-regions", "", "comma list; others fold into 'other' (empty = any)");
  public static final ConfigKey<String> ALLOWED_TIERS =
      ConfigKey.string(
          "streams.allowed-tiers", "", "comma list; others fold into 'other' (empty = any)");
  public static final ConfigKey<Integer> MAX_VALUES =
      ConfigKey.integer(
          "streams.max-dimension-values",
          64,
          "distinct regions / tiers / models kept per partition; past it they fold into 'other'");
  public static final ConfigKey<String> METRICS_BIND =
      ConfigKey.string(
          "streams.metrics-bind", "127.0.0.1", "address the streams app's /metrics listens on");
  public static final ConfigKey<Integer> METRICS_PORT =
      ConfigKey.port(
          "streams.metrics-port", 9464, "port of the streams app's Prometheus /metrics (0 = off)");

  public static final List<ConfigKey<?>> KEYS =
      Stream.concat(
              Stream.<ConfigKey<?>>of(
                  BOOTSTRAP,
                  APPLICATION_ID,
                  TOPIC_PREFIX,
                  WINDOW,
                  GRACE,
                  IDLE_ADVANCE,
                  EVENT_TIME_ALLOWANCE,
                  LATE_CORRECTION_INTERVAL,
                  LATE_HORIZON,
                  CommonKeys.MAX_FUTURE_SKEW,
                  CommonKeys.MAX_TIMING_MS,
                  CommonKeys.MAX_AGE,
                  GUARANTEE,
                  STATE_DIR,
                  COMMIT_INTERVAL,
                  ROCKSDB_CACHE_MB,
                  THREADS,
                  GROUP_BY_MODEL,
                  ALLOWED_REGIONS,
                  ALLOWED_TIERS,
                  MAX_VALUES,
                  METRICS_BIND,
                  METRICS_PORT),
              LatencySlos.KEYS.stream())
          .toList();

  public static StreamsSettings from(Settings s) {
    return new StreamsSettings(
        s.get(BOOTSTRAP),
        s.get(APPLICATION_ID),
        s.get(TOPIC_PREFIX),
        s.get(WINDOW),
        s.get(GRACE),
        s.get(IDLE_ADVANCE),
        s.get(EVENT_TIME_ALLOWANCE),
        // shared with the gateway and the sink: all three reject the same events
        TimingRules.of(
            s.get(CommonKeys.MAX_TIMING_MS),
            s.get(CommonKeys.MAX_FUTURE_SKEW),
            s.get(CommonKeys.MAX_AGE)),
        s.get(GUARANTEE),
        s.get(STATE_DIR),
        s.get(COMMIT_INTERVAL),
        s.get(ROCKSDB_CACHE_MB) * 1024 * 1024,
        s.get(THREADS),
        s.get(GROUP_BY_MODEL),
        new CardinalityGuard.Limits(
            csv(s.get(ALLOWED_REGIONS)), csv(s.get(ALLOWED_TIERS)), s.get(MAX_VALUES)),
        LatencySlos.from(s),
        s.get(METRICS_BIND),
        s.get(METRICS_PORT),
        s.withPrefix("kafka."),
        DetectorConfig.from(s),
        LateCorrectionSettings.of(
            s.get(LATE_CORRECTION_INTERVAL), s.get(LATE_HORIZON), s.get(CommonKeys.MAX_AGE)));
  }

  public static StreamsSettings defaults() {
    return from(Settings.defaults(KEYS));
  }

  private static Set<String> csv(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
