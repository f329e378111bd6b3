package dev.r1lat.schema;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline with its serdes. {@link #defaults()} is production naming; {@link
 * #withPrefix(String)} gives tests and benchmarks their own isolated set on a shared broker.
 */
public record Topics(
    TopicSpec<String, RequestTiming> requestTimings,
    TopicSpec<byte[], byte[]> requestTimingsDlq,
    TopicSpec<byte[], byte[]> requestTimingsLate,
    TopicSpec<byte[], byte[]> requestTimingsQuarantine,
    TopicSpec<String, LatencyWindowStats> latencyStats1m,
    TopicSpec<String, LatencyAnomaly> latencyAnomalies) {

  public static final int DEFAULT_PARTITIONS = 6;

  private static final Map<String, String> RETAIN_30_DAYS = Map.of("retention.ms", "2592000000");

  /**
   * The input topic's record timestamps are the broker's append time, not the producer's clock: a
   * host whose clock runs fast stamps its events ahead, and the record timestamp is what the event
   * rules and the streams app's event-time bound trust instead.
   */
  private static final Map<String, String> INPUT_CONFIGS =
      Map.of("retention.ms", "604800000", "message.timestamp.type", "LogAppendTime");

  public static Topics defaults() {
    return withPrefix("");
  }

  /** The same topics with {@code prefix} before each name ("" for production names). */
  public static Topics withPrefix(String prefix) {
    Serde<String> keys = Serdes.String();
    Serde<byte[]> raw = Serdes.ByteArray();
    return new Topics(
        new TopicSpec<>(
            prefix + "r1.request-timings",
            keys,
            AvroSerde.of(RequestTiming.class),
            DEFAULT_PARTITIONS,
            INPUT_CONFIGS,
            "one RequestTiming per inference request, keyed by request id"),
        new TopicSpec<>(
            prefix + "r1.request-timings.dlq",
            raw,
            raw,
            DEFAULT_PARTITIONS,
            RETAIN_30_DAYS,
            "rejected input bytes as received, reason in headers"),
        new TopicSpec<>(
            prefix + "r1.request-timings.late",
            raw,
            raw,
            DEFAULT_PARTITIONS,
            RETAIN_30_DAYS,
            "events that arrived after their window closed"),
        new TopicSpec<>(
            prefix + "r1.request-timings.quarantine",
            raw,
            raw,
            DEFAULT_PARTITIONS,
            RETAIN_30_DAYS,
            "well-formed events whose event time cannot be trusted (too far ahead of or behind"
                + " their append time), reason in headers"),
        new TopicSpec<>(
            prefix + "r1.latency-stats-1m",
            keys,
            AvroSerde.of(LatencyWindowStats.class),
            DEFAULT_PARTITIONS,
            RETAIN_30_DAYS,
            "final 1-minute LatencyWindowStats, keyed by group"),
        new TopicSpec<>(
            prefix + "r1.latency-anomalies",
            keys,
            AvroSerde.of(LatencyAnomaly.class),
            DEFAULT_PARTITIONS,
            RETAIN_30_DAYS,
            "LatencyAnomaly lifecycle events, keyed by group so per-group order holds"));
  }

  public List<TopicSpec<?, ?>> all() {
    return List.of(
        requestTimings,
        requestTimingsDlq,
        requestTimingsLate,
        requestTimingsQuarantine,
        latencyStats1m,
        latencyAnomalies);
  }
}
