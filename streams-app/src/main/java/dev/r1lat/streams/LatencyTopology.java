package dev.r1lat.streams;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Predicate;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology, built by one pure method:
 *
 * <pre>
 * r1.request-timings ─► aggregate (per input partition, in-memory windows)
 *                        ├─ invalid ─► r1.request-timings.dlq        (reason in headers)
 *                        ├─ late    ─► r1.request-timings.late
 *                        ├─ untrusted event time ─► r1.request-timings.quarantine (reason)
 *                        └─ partials + watermarks ─► repartition by group×component
 *                                                    (watermarks to every partition)
 *                                                 ─► merge ─► r1.latency-stats-1m (revision 0, final)
 *                        late ─► repartition by window ─► correct ─► r1.latency-stats-1m (revision >= 1)
 *                                                                  └─ beyond horizon ─► quarantine
 * r1.latency-stats-1m ─► detect (revision 0 only; per group, detector state in a store) ─► r1.latency-anomalies
 * </pre>
 */
public final class LatencyTopology {
  private LatencyTopology() {}

  public static Topology build(
      TopologySettings cfg, ReplaySource replay, PipelineMetrics metrics, AnomalyEngine engine) {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder);
    KStream<byte[], AggregatorOutput> aggregated =
        builder.stream(
                cfg.inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("request-timings"))
            .process(
                () -> new TimingAggregator(cfg, replay, metrics),
                Named.as("aggregate"),
                TimingAggregator.PROGRESS_STORE,
                TimingAggregator.DIMENSIONS_STORE);

    Map<String, KStream<byte[], AggregatorOutput>> out =
        aggregated
            .split(Named.as("out-"))
            .branch(routedTo(AggregatorOutput.Route.DEAD_LETTER), Branched.as("dlq"))
            .branch(routedTo(AggregatorOutput.Route.LATE), Branched.as("late"))
            .branch(routedTo(AggregatorOutput.Route.QUARANTINE), Branched.as("quarantine"))
            .defaultBranch(Branched.as("partials"));

    toRaw(out.get("out-dlq"), cfg.topics().requestTimingsDlq());
    toRaw(out.get("out-late"), cfg.topics().requestTimingsLate());
    toRaw(out.get("out-quarantine"), cfg.topics().requestTimingsQuarantine());

    TopicSpec<String, LatencyWindowStats> stats = cfg.topics().latencyStats1m();
    addCorrections(cfg, metrics, out.get("out-late"), stats);
    out.get("out-partials")
        .repartition(
            Repartitioned.<byte[], AggregatorOutput>as("partials")
                .withKeySerde(Serdes.ByteArray())
                .withValueSerde(new AggregatorOutput.WireSerde())
                .withStreamPartitioner(new PartialPartitioner()))
        .process(
            () -> new StatsMerger(metrics),
            Named.as("merge"),
            StatsMerger.PARTIALS_STORE,
            StatsMerger.WATERMARKS_STORE)
        .to(stats.name(), Produced.with(stats.keySerde(), stats.valueSerde()).withName("stats"));

    // anomalies from the final statistics, read back from their topic: keyed by group, so each
    // series' detector state lives in exactly one task
    TopicSpec<String, LatencyAnomaly> anomalies = cfg.topics().latencyAnomalies();
    builder.stream(
            stats.name(),
            Consumed.with(stats.keySerde(), stats.valueSerde()).withName("final-stats"))
        .process(
            () -> new AnomalyDetection(engine, cfg.windowMs()),
            Named.as("detect"),
            AnomalyDetection.STATE_STORE)
        .to(
            anomalies.name(),
            Produced.with(anomalies.keySerde(), anomalies.valueSerde()).withName("anomalies"));
    return builder.build();
  }

  /**
   * Late events, re-keyed by window, become correction rows (revision >= 1) on the stats topic;
   * those beyond the horizon go to the quarantine topic. See {@link LateCorrections}.
   */
  private static void addCorrections(
      TopologySettings cfg,
      PipelineMetrics metrics,
      KStream<byte[], AggregatorOutput> late,
      TopicSpec<String, LatencyWindowStats> stats) {
    Map<String, KStream<byte[], LateCorrections.Out>> corrected =
        late.process(() -> new LateKeyer(cfg.windowMs()), Named.as("late-by-window"))
            .repartition(
                Repartitioned.<Long, byte[]>as("late-by-window")
                    .withKeySerde(Serdes.Long())
                    .withValueSerde(Serdes.ByteArray()))
            .process(
                () -> new LateCorrections(cfg, metrics), Named.as("correct"), LateCorrections.STORE)
            .split(Named.as("corrections-"))
            .branch((k, v) -> v instanceof LateCorrections.Row, Branched.as("rows"))
            .defaultBranch(Branched.as("beyond-horizon"));
    corrected
        .get("corrections-rows")
        .map(
            (k, v) ->
                KeyValue.pair(
                    new String(k, StandardCharsets.UTF_8), ((LateCorrections.Row) v).stats()))
        .to(
            stats.name(),
            Produced.with(stats.keySerde(), stats.valueSerde()).withName("corrections"));
    TopicSpec<byte[], byte[]> quarantine = cfg.topics().requestTimingsQuarantine();
    corrected
        .get("corrections-beyond-horizon")
        .mapValues(v -> ((LateCorrections.Beyond) v).value())
        .to(
            quarantine.name(),
            Produced.with(quarantine.keySerde(), quarantine.valueSerde())
                .withName("beyond-horizon"));
  }

  private static Predicate<byte[], AggregatorOutput> routedTo(AggregatorOutput.Route route) {
    return (k, v) -> v instanceof AggregatorOutput.Rejected r && r.route() == route;
  }

  private static void toRaw(
      KStream<byte[], AggregatorOutput> stream, TopicSpec<byte[], byte[]> topic) {
    stream
        .mapValues(v -> ((AggregatorOutput.Rejected) v).value())
        .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()));
  }

  /** Every store is RocksDB, bounded by {@link BoundedRocksDbConfig}, and changelogged. */
  private static void addStores(StreamsBuilder builder) {
    addStore(builder, TimingAggregator.PROGRESS_STORE, Serdes.Bytes(), Serdes.ByteArray());
    addStore(builder, TimingAggregator.DIMENSIONS_STORE, Serdes.String(), Serdes.ByteArray());
    addStore(builder, StatsMerger.PARTIALS_STORE, Serdes.Bytes(), Serdes.ByteArray());
    addStore(builder, StatsMerger.WATERMARKS_STORE, Serdes.Integer(), Serdes.Long());
    addStore(builder, AnomalyDetection.STATE_STORE, Serdes.String(), Serdes.ByteArray());
    addStore(builder, LateCorrections.STORE, Serdes.Bytes(), Serdes.ByteArray());
  }

  private static <K, V> void addStore(
      StreamsBuilder builder, String name, Serde<K> keys, Serde<V> values) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values));
  }
}
