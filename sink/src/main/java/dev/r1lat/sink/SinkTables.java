package dev.r1lat.sink;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.write.RowBinaryOut;
import dev.r1lat.sink.write.SinkTable;
import dev.r1lat.sketch.LatencySketches;
import java.util.ArrayList;
import java.util.List;

/**
 * The three tables the sink fills, column for column as in sql/V002..V004. A value that decodes but
 * cannot become a valid row (negative token count, a sketch of another format) is as poison as
 * undecodable bytes: it goes to the dead-letter topic with the reason, never into ClickHouse.
 */
public final class SinkTables {
  public static final String REQUEST_TIMINGS_TABLE = "request_timings";
  public static final String LATENCY_STATS_1M_TABLE = "latency_stats_1m";
  public static final String LATENCY_ANOMALIES_TABLE = "latency_anomalies";

  private static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);
  private static final AvroCodec<LatencyWindowStats> STATS = AvroCodec.of(LatencyWindowStats.class);
  private static final AvroCodec<LatencyAnomaly> ANOMALIES = AvroCodec.of(LatencyAnomaly.class);

  private SinkTables() {}

  /** A window's stats with its sketch already expanded into buckets (ascending index). */
  public record StatsRow(LatencyWindowStats stats, int[] sketchKeys, double[] sketchCounts) {}

  public static final SinkTable<RequestTiming> REQUEST_TIMINGS =
      new SinkTable<>(
          REQUEST_TIMINGS_TABLE,
          List.of(
              "request_id",
              "event_time",
              "region",
              "tier",
              "model",
              "quantization",
              "server_id",
              "streaming",
              "status",
              "error_code",
              "prompt_tokens",
              "cached_prompt_tokens",
              "reasoning_tokens",
              "answer_tokens",
              "response_cache_hit",
              "batch_size",
              "network_in_ms",
              "queue_ms",
              "preprocess_ms",
              "prefill_ms",
              "ttft_ms",
              "ttfo_ms",
              "decode_ms",
              "max_inter_token_gap_ms",
              "postprocess_ms",
              "network_out_ms",
              "e2e_ms"),
          SinkTables::decodeTiming,
          SinkTables::encodeTiming,
          t -> t.getRequestId().toString());

  public static final SinkTable<StatsRow> LATENCY_STATS_1M =
      new SinkTable<>(
          LATENCY_STATS_1M_TABLE,
          List.of(
              "window_start",
              "window_end",
              "region",
              "tier",
              "dimensions",
              "component",
              "count",
              "error_count",
              "slo_threshold_ms",
              "over_slo_count",
              "p50",
              "p90",
              "p95",
              "p99",
              "p999",
              "mean",
              "max",
              "sketch_keys",
              "sketch_counts",
              "sketch_format"),
          SinkTables::decodeStats,
          SinkTables::encodeStats,
          r ->
              r.stats().getWindowStartMs()
                  + "/"
                  + r.stats().getRegion()
                  + "/"
                  + r.stats().getTier()
                  + "/"
                  + r.stats().getDimensions()
                  + "/"
                  + r.stats().getComponent());

  public static final SinkTable<LatencyAnomaly> LATENCY_ANOMALIES =
      new SinkTable<>(
          LATENCY_ANOMALIES_TABLE,
          List.of(
              "anomaly_id",
              "kind",
              "state",
              "region",
              "tier",
              "dimensions",
              "component",
              "metric",
              "observed",
              "baseline",
              "severity",
              "window_start",
              "window_end",
              "detected_at",
              "reason"),
          ANOMALIES::decode,
          SinkTables::encodeAnomaly,
          a -> a.getAnomalyId() + "/" + a.getState() + "/" + a.getDetectedAtMs());

  static RequestTiming decodeTiming(byte[] bytes) {
    RequestTiming t = TIMINGS.decode(bytes);
    requireNotNegative("promptTokens", t.getPromptTokens());
    requireNotNegative("cachedPromptTokens", t.getCachedPromptTokens());
    requireNotNegative("reasoningTokens", t.getReasoningTokens());
    requireNotNegative("answerTokens", t.getAnswerTokens());
    requireNotNegative("batchSize", t.getBatchSize());
    return t;
  }

  private static void requireNotNegative(String field, Integer value) {
    if (value != null && value < 0) {
      throw new InvalidRecordException("RequestTiming." + field + " = " + value + " is negative");
    }
  }

  static StatsRow decodeStats(byte[] bytes) {
    LatencyWindowStats s = STATS.decode(bytes);
    if (!LatencySketches.FORMAT.contentEquals(s.getSketchFormat())) {
      throw new InvalidRecordException(
          "sketchFormat " + s.getSketchFormat() + " is not " + LatencySketches.FORMAT);
    }
    DDSketch sketch;
    try {
      byte[] raw = new byte[s.getSketch().remaining()];
      s.getSketch().duplicate().get(raw);
      sketch = LatencySketches.decode(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("undecodable sketch: " + e.getMessage(), e);
    }
    List<int[]> keys = new ArrayList<>();
    List<Double> counts = new ArrayList<>();
    LatencySketches.forEachBucket(
        sketch,
        (index, count) -> {
          keys.add(new int[] {index});
          counts.add(count);
        });
    int[] k = new int[keys.size()];
    double[] c = new double[keys.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = keys.get(i)[0];
      c[i] = counts.get(i);
    }
    return new StatsRow(s, k, c);
  }

  private static void encodeTiming(RequestTiming t, RowBinaryOut o) {
    o.string(t.getRequestId());
    o.int64(t.getEventTimeMs());
    o.string(t.getRegion());
    o.string(t.getTier());
    o.string(t.getModel());
    o.nullableString(t.getQuantization());
    o.nullableString(t.getServerId());
    o.bool(t.getStreaming());
    o.string(t.getStatus().name());
    o.nullableString(t.getErrorCode());
    o.nullableUInt32(t.getPromptTokens());
    o.nullableUInt32(t.getCachedPromptTokens());
    o.nullableUInt32(t.getReasoningTokens());
    o.nullableUInt32(t.getAnswerTokens());
    o.nullableBool(t.getResponseCacheHit());
    o.nullableUInt32(t.getBatchSize());
    o.nullableFloat64(t.getNetworkInMs());
    o.nullableFloat64(t.getQueueMs());
    o.nullableFloat64(t.getPreprocessMs());
    o.nullableFloat64(t.getPrefillMs());
    o.nullableFloat64(t.getTtftMs());
    o.nullableFloat64(t.getTtfoMs());
    o.nullableFloat64(t.getDecodeMs());
    o.nullableFloat64(t.getMaxInterTokenGapMs());
    o.nullableFloat64(t.getPostprocessMs());
    o.nullableFloat64(t.getNetworkOutMs());
    o.float64(t.getE2eMs());
  }

  private static void encodeStats(StatsRow r, RowBinaryOut o) {
    LatencyWindowStats s = r.stats();
    o.int64(s.getWindowStartMs());
    o.int64(s.getWindowEndMs());
    o.string(s.getRegion());
    o.string(s.getTier());
    o.stringMap(s.getDimensions());
    o.string(s.getComponent());
    o.int64(s.getCount());
    o.int64(s.getErrorCount());
    o.nullableFloat64(s.getSloThresholdMs());
    o.int64(s.getOverSloCount());
    o.float64(s.getP50());
    o.float64(s.getP90());
    o.float64(s.getP95());
    o.float64(s.getP99());
    o.float64(s.getP999());
    o.float64(s.getMean());
    o.float64(s.getMax());
    o.int32Array(r.sketchKeys());
    o.float64Array(r.sketchCounts());
    o.string(s.getSketchFormat());
  }

  private static void encodeAnomaly(LatencyAnomaly a, RowBinaryOut o) {
    o.string(a.getAnomalyId());
    o.string(a.getKind().name());
    o.string(a.getState().name());
    o.string(a.getRegion());
    o.string(a.getTier());
    o.stringMap(a.getDimensions());
    o.string(a.getComponent());
    o.string(a.getMetric());
    o.float64(a.getObserved());
    o.nullableFloat64(a.getBaseline());
    o.string(a.getSeverity().name());
    o.int64(a.getWindowStartMs());
    o.int64(a.getWindowEndMs());
    o.int64(a.getDetectedAtMs());
    o.string(a.getReason());
  }
}
