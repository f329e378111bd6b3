package dev.r1lat.streams;

import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.schema.FastTimingDecoder;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds late events (their window had closed when they arrived) into correction rows: per window,
 * the late events not yet emitted are aggregated exactly as the main path aggregates a window
 * ({@link OpenWindows}: same statistics, same roll-up levels, same {@link WindowStatsFactory}) and
 * emitted as {@link LatencyWindowStats} with {@code revision} 1, 2, ... Each row holds only late
 * events, so a reader adds it to the window's first emission (revision 0).
 *
 * <p>Input is keyed by window start (repartitioned), so one task owns every correction of a window
 * and its revisions count up without gaps or clashes. Everything lives in one changelogged store;
 * emission, the pending deletes and the revision bump happen in one punctuation, so under
 * exactly-once they commit with the output or not at all: a crash re-emits pending events under the
 * same revision and never emits one twice.
 *
 * <p>Store keys: {@code S|window|requestId} seen (retries count once), {@code P|window|requestId}
 * pending (group + raw event), {@code R|window} last revision, {@code Z} the latest Kafka timestamp
 * seen, against which the horizon is measured.
 */
final class LateCorrections implements Processor<Long, byte[], byte[], LateCorrections.Out> {
  static final String STORE = "late-corrections";
  static final String GROUP_HEADER = "r1lat.group";
  static final String BEYOND_HORIZON = "beyond_correction_horizon";
  private static final byte SEEN = 'S';
  private static final byte PENDING = 'P';
  private static final byte REVISION = 'R';
  private static final Bytes LATEST_TS = Bytes.wrap(new byte[] {'Z'});

  /** A correction row (key: group) or a late event beyond the horizon (key: as it arrived). */
  sealed interface Out {}

  record Row(LatencyWindowStats stats) implements Out {}

  record Beyond(byte[] value) implements Out {}

  private final TopologySettings cfg;
  private final PipelineMetrics metrics;
  private final FastTimingDecoder decoder = new FastTimingDecoder();
  private ProcessorContext<byte[], Out> ctx;
  private KeyValueStore<Bytes, byte[]> store;

  LateCorrections(TopologySettings cfg, PipelineMetrics metrics) {
    this.cfg = cfg;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], Out> context) {
    this.ctx = context;
    this.store = context.getStateStore(STORE);
    context.schedule(
        Duration.ofMillis(cfg.lateCorrections().intervalMs()),
        PunctuationType.WALL_CLOCK_TIME,
        now -> flush());
  }

  @Override
  public void process(Record<Long, byte[]> record) {
    long windowStart = record.key();
    long windowEnd = windowStart + cfg.windowMs();
    long latest = Math.max(latestTimestamp(), record.timestamp());
    store.put(LATEST_TS, ByteBuffer.allocate(8).putLong(latest).array());
    if (beyondHorizon(windowEnd, latest)) {
      metrics.recordLateBeyondHorizon();
      quarantine(record, windowEnd, latest);
      return;
    }
    RequestTiming t = decoder.decode(record.value());
    Bytes seen = key(SEEN, windowStart, t.getRequestId());
    if (store.get(seen) != null) {
      metrics.recordDuplicate(); // a retry of a late event already folded
      return;
    }
    store.put(seen, new byte[0]);
    store.put(key(PENDING, windowStart, t.getRequestId()), pending(record));
    metrics.recordLateFolded();
  }

  private boolean beyondHorizon(long windowEnd, long latestTs) {
    return latestTs - windowEnd > cfg.lateCorrections().horizonMs();
  }

  private void quarantine(Record<Long, byte[]> record, long windowEnd, long latest) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.remove("r1lat.reason");
    headers.remove(LateKeyer.REQUEST_KEY_HEADER);
    headers.remove(GROUP_HEADER);
    String reason =
        BEYOND_HORIZON
            + ": window ending "
            + windowEnd
            + " is more than "
            + cfg.lateCorrections().horizonMs()
            + " ms (streams.late.horizon) before Kafka time "
            + latest;
    headers.add("r1lat.reason", reason.getBytes(StandardCharsets.UTF_8));
    ctx.forward(
        new Record<byte[], Out>(
            requestKey(record), new Beyond(record.value()), record.timestamp(), headers));
  }

  private static byte[] requestKey(Record<Long, byte[]> record) {
    var h = record.headers().lastHeader(LateKeyer.REQUEST_KEY_HEADER);
    return h == null ? new byte[0] : h.value();
  }

  /**
   * Emits one correction per window with pending late events, then forgets windows past horizon.
   */
  private void flush() {
    OpenWindows late = new OpenWindows(cfg.windowMs(), cfg.slo());
    List<Bytes> done = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(prefix(PENDING), prefix(PENDING + 1))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        ByteBuffer v = ByteBuffer.wrap(kv.value);
        byte[] group = new byte[v.getInt()];
        v.get(group);
        byte[] event = new byte[v.remaining()];
        v.get(event);
        GroupKey g = GroupKey.fromKafkaKey(new String(group, StandardCharsets.UTF_8));
        late.add(decoder.decode(event), g, 0);
        done.add(kv.key);
      }
    }
    Map<Long, List<AggregatorOutput.Partial>> byWindow = new TreeMap<>();
    for (AggregatorOutput.Partial p : late.closeUpTo(Long.MAX_VALUE)) {
      byWindow.computeIfAbsent(p.windowStartMs(), w -> new ArrayList<>()).add(p);
    }
    byWindow.forEach(this::emit);
    done.forEach(store::delete);
    forgetBeyondHorizon();
  }

  private void emit(long windowStart, List<AggregatorOutput.Partial> partials) {
    Bytes revKey = key(REVISION, windowStart, "");
    byte[] last = store.get(revKey);
    int revision = (last == null ? 0 : ByteBuffer.wrap(last).getInt()) + 1;
    store.put(revKey, ByteBuffer.allocate(4).putInt(revision).array());
    for (AggregatorOutput.Partial p : partials) {
      LatencyWindowStats row =
          LatencyWindowStats.newBuilder(WindowStatsFactory.build(p)).setRevision(revision).build();
      ctx.forward(
          new Record<byte[], Out>(
              p.group().kafkaKey().getBytes(StandardCharsets.UTF_8),
              new Row(row),
              p.windowEndMs()));
      metrics.recordCorrectionOut();
    }
  }

  /**
   * Windows ending more than the horizon before the latest Kafka timestamp take no more late events
   * (see {@link #process}), so their retry ids and revision counters can go: state stays bounded by
   * the late events of one horizon.
   */
  private void forgetBeyondHorizon() {
    long latest = latestTimestamp();
    if (latest == Long.MIN_VALUE) {
      return;
    }
    for (byte kind : new byte[] {SEEN, REVISION}) {
      List<Bytes> old = new ArrayList<>();
      try (KeyValueIterator<Bytes, byte[]> it = store.range(prefix(kind), prefix(kind + 1))) {
        while (it.hasNext()) {
          Bytes k = it.next().key;
          long windowStart = ByteBuffer.wrap(k.get(), 1, 8).getLong();
          if (!beyondHorizon(windowStart + cfg.windowMs(), latest)) {
            break; // keys sort by window start
          }
          old.add(k);
        }
      }
      old.forEach(store::delete);
    }
  }

  private long latestTimestamp() {
    byte[] v = store.get(LATEST_TS);
    return v == null ? Long.MIN_VALUE : ByteBuffer.wrap(v).getLong();
  }

  private static byte[] pending(Record<Long, byte[]> record) {
    var h = record.headers().lastHeader(GROUP_HEADER);
    byte[] group = h.value();
    return ByteBuffer.allocate(4 + group.length + record.value().length)
        .putInt(group.length)
        .put(group)
        .put(record.value())
        .array();
  }

  /** Window starts are non-negative, so big-endian keys sort by window start within a kind. */
  private static Bytes key(byte kind, long windowStart, String requestId) {
    byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(9 + id.length).put(kind).putLong(windowStart).put(id).array());
  }

  private static Bytes prefix(int kind) {
    return Bytes.wrap(new byte[] {(byte) kind});
  }
}
