package dev.r1lat.streams;

import dev.r1lat.anomaly.GroupKey;
import dev.r1lat.schema.FastTimingDecoder;
import dev.r1lat.schema.InvalidRecordException;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import java.util.function.Function;
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
   * Admitted: timing and group. Rejected: where it goes, the reason (one line, for the {@code
   * r1lat.reason} header) and its class (the counter label: undecodable, invalid_field,
   * future_event_time, too_old).
   */
  record Result(
      RequestTiming timing,
      GroupKey group,
      AggregatorOutput.Route route,
      String reason,
      String reasonClass) {
    boolean admitted() {
      return reason == null;
    }
  }

  /** Longest reason carried in a header: a decoder's message may quote the record. */
  static final int MAX_REASON_CHARS = 500;

  private final Function<byte[], RequestTiming> decoder;
  private final TimingRules rules;
  private final CardinalityGuard guard;
  private final boolean groupByModel;

  TimingAdmission(TopologySettings cfg, KeyValueStore<String, byte[]> dims, PipelineMetrics m) {
    this(cfg, dims, m, new FastTimingDecoder()::decode);
  }

  /** With another decoder: tests make it fail in ways the real one should never. */
  TimingAdmission(
      TopologySettings cfg,
      KeyValueStore<String, byte[]> dims,
      PipelineMetrics m,
      Function<byte[], RequestTiming> decoder) {
    this.decoder = decoder;
    this.rules = cfg.timingRules();
    this.guard = new CardinalityGuard(cfg.limits(), storeMemory(dims), m::recordFolded);
    this.groupByModel = cfg.groupByModel();
  }

  Result admit(byte[] value, long recordTimestampMs) {
    RequestTiming t;
    TimingRules.Violation invalid;
    try {
      t = decoder.apply(value);
      invalid = rules.firstViolation(t, recordTimestampMs);
    } catch (InvalidRecordException e) {
      return undecodable(e.getMessage());
    } catch (Throwable e) { // NOPMD: one record must never crash the task, see below
      return undecodable(describe(e));
    }
    if (invalid != null) {
      AggregatorOutput.Route route =
          invalid.kind().timeUntrusted()
              ? AggregatorOutput.Route.QUARANTINE
              : AggregatorOutput.Route.DEAD_LETTER;
      return new Result(t, null, route, invalid.toString(), invalid.kind().label());
    }
    GroupKey group =
        new GroupKey(
            guard.region(t.getRegion()),
            guard.tier(t.getTier()),
            groupByModel ? guard.model(t.getModel()) : null);
    return new Result(t, group, null, null, null);
  }

  /**
   * Whatever the decoder throws for one record is that record's fault, Errors included: a bogus
   * length can make it ask for gigabytes (OutOfMemoryError: the allocation failed, the heap is as
   * before) or recurse without end (StackOverflowError: unwound by now). Rethrown, it would kill
   * the stream thread, and the restarted task would read the same record again: a crash loop.
   */
  private static Result undecodable(String reason) {
    String r = reason == null ? "undecodable" : reason;
    if (r.length() > MAX_REASON_CHARS) {
      r = r.substring(0, MAX_REASON_CHARS) + "...";
    }
    return new Result(
        null, null, AggregatorOutput.Route.DEAD_LETTER, r, InvalidRecordException.UNDECODABLE);
  }

  private static String describe(Throwable e) {
    return "undecodable: "
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
