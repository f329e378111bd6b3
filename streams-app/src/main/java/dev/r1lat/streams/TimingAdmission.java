package dev.r1lat.streams;

import dev.r1lat.schema.FastTimingDecoder;
import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides whether one input record enters the statistics and under which group: decode, apply the
 * shared {@link TimingRules} (the sink applies the same ones before it stores raw events), then
 * fold unknown dimension values through the cardinality guard. Deterministic for a given record and
 * guard memory, which the crash replay relies on.
 */
final class TimingAdmission {
  private static final byte[] PRESENT = {1};

  /**
   * Admitted: timing and group. Rejected: the reason (one line, for the dead-letter header) and its
   * class (the label of the rejection counter: undecodable, invalid_field, future_event_time).
   */
  record Result(RequestTiming timing, GroupKey group, String reason, String reasonClass) {}

  private final FastTimingDecoder decoder = new FastTimingDecoder();
  private final TimingRules rules;
  private final CardinalityGuard guard;
  private final boolean groupByModel;

  TimingAdmission(TopologySettings cfg, KeyValueStore<String, byte[]> dims, PipelineMetrics m) {
    this.rules = cfg.timingRules();
    this.guard = new CardinalityGuard(cfg.limits(), storeMemory(dims), m::recordFolded);
    this.groupByModel = cfg.groupByModel();
  }

  Result admit(byte[] value, long recordTimestampMs) {
    RequestTiming t;
    try {
      t = decoder.decode(value);
    } catch (InvalidRecordException e) {
      return new Result(null, null, e.getMessage(), InvalidRecordException.UNDECODABLE);
    }
    TimingRules.Violation invalid = rules.firstViolation(t, recordTimestampMs);
    if (invalid != null) {
      return new Result(t, null, invalid.toString(), invalid.kind().label());
    }
    GroupKey group =
        new GroupKey(
            guard.region(t.getRegion()),
            guard.tier(t.getTier()),
            groupByModel ? guard.model(t.getModel()) : null);
    return new Result(t, group, null, null);
  }

  /** Guard memory in a changelogged store, with an in-memory index for the hot path. */
  private static CardinalityGuard.Memory storeMemory(KeyValueStore<String, byte[]> store) {
    CardinalityGuard.Memory cache = CardinalityGuard.inMemory();
    try (var all = store.all()) {
      all.forEachRemaining(kv -> cache.add(kv.key));
    }
    return new CardinalityGuard.Memory() {
      @Override
      public boolean contains(String v) {
        return cache.contains(v);
      }

      @Override
      public void add(String v) {
        cache.add(v);
        store.put(v, PRESENT);
      }

      @Override
      public int count(String dimension) {
        return cache.count(dimension);
      }
    };
  }
}
