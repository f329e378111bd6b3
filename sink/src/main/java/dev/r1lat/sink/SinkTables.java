package dev.r1lat.sink;

import static dev.r1lat.sink.write.NativeColumn.dateTime64Millis;
import static dev.r1lat.sink.write.NativeColumn.float64;
import static dev.r1lat.sink.write.NativeColumn.float64Array;
import static dev.r1lat.sink.write.NativeColumn.int32Array;
import static dev.r1lat.sink.write.NativeColumn.nullableFloat64;
import static dev.r1lat.sink.write.NativeColumn.nullableUInt64;
import static dev.r1lat.sink.write.NativeColumn.string;
import static dev.r1lat.sink.write.NativeColumn.stringMap;
import static dev.r1lat.sink.write.NativeColumn.uint32;
import static dev.r1lat.sink.write.NativeColumn.uint64;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.sink.write.FastTimingRules;
import dev.r1lat.sink.write.SinkTable;
import dev.r1lat.sink.write.TimingBlock;
import dev.r1lat.sink.write.TimingColumns;
import dev.r1lat.sink.write.TimingRow;
import dev.r1lat.sketch.LatencySketches;
import java.util.ArrayList;
import java.util.List;

/**
 * The three tables the sink fills, column for column as the sql/ migrations create them (sent as
 * Native blocks); request_timings' columns follow the RequestTiming schema ({@link TimingColumns}).
 * A value that decodes but cannot become a valid row (a sketch of another format) is as poison as
 * undecodable bytes, and so is a raw event the shared {@link TimingRules} reject (the very events
 * the streams app dead-letters): it goes to the dead-letter topic with the reason, never into
 * ClickHouse.
 */
public final class SinkTables {
  public static final String REQUEST_TIMINGS_TABLE = "request_timings";
  public static final String LATENCY_STATS_1M_TABLE = "latency_stats_1m";
  public static final String LATENCY_ANOMALIES_TABLE = "latency_anomalies";

  private static final AvroCodec<LatencyWindowStats> STATS = AvroCodec.of(LatencyWindowStats.class);
  private static final AvroCodec<LatencyAnomaly> ANOMALIES = AvroCodec.of(LatencyAnomaly.class);

  private SinkTables() {}

  /**
   * A window's stats with its sketches already expanded into buckets (ascending index): the sketch
   * (OK requests, or every request in rows before the split) and the failed requests' sketch.
   */
  public record StatsRow(
      LatencyWindowStats stats,
      int[] sketchKeys,
      double[] sketchCounts,
      int[] failedKeys,
      double[] failedCounts) {}

  /** request_timings' columns: one per RequestTiming field, derived from the schema. */
  private static final List<String> TIMING_COLUMN_NAMES = TimingColumns.NAMES;

  /** request_timings with the rules at their default limits (tests, benches). */
  public static final SinkTable<TimingRow> REQUEST_TIMINGS =
      requestTimings(SinkSettings.DEFAULT_TIMING_RULES);

  /**
   * request_timings, storing only the events {@code rules} accept. A range's events are parsed
   * once, into one column block ({@link TimingRangeDecoder}); a batch's Native block is a slice of
   * it. A record decoded alone (tests) gets a block of its own.
   */
  public static SinkTable<TimingRow> requestTimings(TimingRules rules) {
    FastTimingRules fast = new FastTimingRules(rules);
    return new SinkTable<>(
        REQUEST_TIMINGS_TABLE,
        TIMING_COLUMN_NAMES,
        rows -> TimingBlock.encode(rows, TIMING_COLUMN_NAMES),
        (bytes, timestampMs) -> new TimingRangeDecoder(rules, fast, 1).decode(bytes, timestampMs),
        t -> t.decode().getRequestId(),
        records -> new TimingRangeDecoder(rules, fast, records));
  }

  public static final SinkTable<StatsRow> LATENCY_STATS_1M =
      SinkTable.ofColumns(
          LATENCY_STATS_1M_TABLE,
          List.of(
              dateTime64Millis("window_start", r -> r.stats().getWindowStartMs()),
              dateTime64Millis("window_end", r -> r.stats().getWindowEndMs()),
              string("region", r -> r.stats().getRegion()),
              string("tier", r -> r.stats().getTier()),
              stringMap("dimensions", r -> r.stats().getDimensions()),
              string("component", r -> r.stats().getComponent()),
              uint64("count", r -> r.stats().getCount()),
              uint64("error_count", r -> r.stats().getErrorCount()),
              nullableFloat64("slo_threshold_ms", r -> r.stats().getSloThresholdMs()),
              uint64("over_slo_count", r -> r.stats().getOverSloCount()),
              float64("p50", r -> r.stats().getP50()),
              float64("p90", r -> r.stats().getP90()),
              float64("p95", r -> r.stats().getP95()),
              float64("p99", r -> r.stats().getP99()),
              float64("p999", r -> r.stats().getP999()),
              float64("mean", r -> r.stats().getMean()),
              float64("max", r -> r.stats().getMax()),
              int32Array("sketch_keys", StatsRow::sketchKeys),
              float64Array("sketch_counts", StatsRow::sketchCounts),
              string("sketch_format", r -> r.stats().getSketchFormat()),
              uint32("revision", r -> r.stats().getRevision()),
              nullableUInt64("ok_count", r -> r.stats().getOkCount()),
              uint64("timeout_count", r -> r.stats().getTimeoutCount()),
              uint64("cancelled_count", r -> r.stats().getCancelledCount()),
              int32Array("failed_sketch_keys", StatsRow::failedKeys),
              float64Array("failed_sketch_counts", StatsRow::failedCounts),
              nullableUInt64("good_count", r -> r.stats().getGoodCount())),
          SinkTables::decodeStats,
          r ->
              r.stats().getWindowStartMs()
                  + "/"
                  + r.stats().getRegion()
                  + "/"
                  + r.stats().getTier()
                  + "/"
                  + r.stats().getDimensions()
                  + "/"
                  + r.stats().getComponent()
                  + "/"
                  + r.stats().getRevision());

  public static final SinkTable<LatencyAnomaly> LATENCY_ANOMALIES =
      SinkTable.ofColumns(
          LATENCY_ANOMALIES_TABLE,
          List.of(
              string("anomaly_id", LatencyAnomaly::getAnomalyId),
              string("kind", a -> a.getKind().name()),
              string("state", a -> a.getState().name()),
              string("region", LatencyAnomaly::getRegion),
              string("tier", LatencyAnomaly::getTier),
              stringMap("dimensions", LatencyAnomaly::getDimensions),
              string("component", LatencyAnomaly::getComponent),
              string("metric", LatencyAnomaly::getMetric),
              float64("observed", LatencyAnomaly::getObserved),
              nullableFloat64("baseline", LatencyAnomaly::getBaseline),
              string("severity", a -> a.getSeverity().name()),
              dateTime64Millis("window_start", LatencyAnomaly::getWindowStartMs),
              dateTime64Millis("window_end", LatencyAnomaly::getWindowEndMs),
              dateTime64Millis("detected_at", LatencyAnomaly::getDetectedAtMs),
              string("reason", LatencyAnomaly::getReason)),
          ANOMALIES::decode,
          a -> a.getAnomalyId() + "/" + a.getState() + "/" + a.getDetectedAtMs());

  static StatsRow decodeStats(byte[] bytes) {
    LatencyWindowStats s = STATS.decode(bytes);
    if (!LatencySketches.FORMAT.contentEquals(s.getSketchFormat())) {
      throw new InvalidRecordException(
          "sketchFormat " + s.getSketchFormat() + " is not " + LatencySketches.FORMAT);
    }
    if (s.getRevision() < 0) {
      throw new InvalidRecordException(
          "revision must not be negative (was " + s.getRevision() + ")");
    }
    Buckets ok = buckets(s.getSketch(), "sketch");
    Buckets failed =
        s.getFailedSketch().hasRemaining()
            ? buckets(s.getFailedSketch(), "failedSketch")
            : new Buckets(new int[0], new double[0]);
    return new StatsRow(s, ok.keys(), ok.counts(), failed.keys(), failed.counts());
  }

  private record Buckets(int[] keys, double[] counts) {}

  /** A sketch's buckets in ascending index order, as SQL sums them (sumMap). */
  private static Buckets buckets(java.nio.ByteBuffer bytes, String field) {
    DDSketch sketch;
    try {
      byte[] raw = new byte[bytes.remaining()];
      bytes.duplicate().get(raw);
      sketch = LatencySketches.decode(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("undecodable " + field + ": " + e.getMessage(), e);
    }
    List<Integer> keys = new ArrayList<>();
    List<Double> counts = new ArrayList<>();
    LatencySketches.forEachBucket(
        sketch,
        (index, count) -> {
          keys.add(index);
          counts.add(count);
        });
    int[] k = new int[keys.size()];
    double[] c = new double[keys.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = keys.get(i);
      c[i] = counts.get(i);
    }
    return new Buckets(k, c);
  }
}
