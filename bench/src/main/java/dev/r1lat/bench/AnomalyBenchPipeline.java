package dev.r1lat.bench;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.ingest.sim.Emission;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.streams.LatencyTopology;
import dev.r1lat.streams.PipelineMetrics;
import dev.r1lat.streams.ReplaySource;
import dev.r1lat.streams.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The real {@link LatencyTopology} (aggregation, merge, anomaly detection) in a {@link
 * TopologyTestDriver}, fed a simulator run: every event in publication order with its publication
 * time as the record timestamp, the driver's wall clock moved along with it (five seconds at a
 * time, the trailing-silence punctuator's period: idle-advance and the settling of trailing windows
 * see time pass as in production, give or take one step). No broker, deterministic: the same
 * configs give the same anomalies.
 *
 * <p>Traffic is cut at the simulator's end time (events completing after it are dropped): a run
 * ends with every series stopping at once, and the decaying tail of requests still in flight would
 * otherwise look like a fleet-wide traffic drop that no fault caused.
 */
final class AnomalyBenchPipeline {
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);
  private static final long TICK_MS = 5_000;

  /** Wall time after the last event during which the driver keeps ticking: windows close. */
  static final Duration DRAIN = Duration.ofMinutes(3);

  /** What came out of the topology for one simulator run (the stats went to the consumer). */
  record Output(
      List<LatencyAnomaly> anomalies, long eventsIn, long statsOut, long dlq, long late) {}

  private final TopologySettings topology;
  private final AnomalyEngine engine;

  AnomalyBenchPipeline(TopologySettings topology, AnomalyEngine engine) {
    if (topology.inputPartitions() != 1) {
      throw new IllegalArgumentException("the test driver runs one input partition");
    }
    this.topology = topology;
    this.engine = engine;
  }

  /**
   * Runs one simulation through the topology. {@code stats} gets every final window statistic as it
   * is published (per series in window order); {@code progress} the events fed so far.
   */
  Output run(SimulatorConfig sim, Consumer<LatencyWindowStats> stats, LongConsumer progress) {
    Path stateDir = tempDir();
    Topics topics = topology.topics();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "r1lat-bench-anomalies");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    ReplaySource noReplay =
        (t, p, from, to, sink) -> {
          throw new IllegalStateException("the bench never restarts a task");
        };
    List<LatencyAnomaly> anomalies = new ArrayList<>();
    long fed = 0;
    long statsOut = 0;
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            LatencyTopology.build(topology, noReplay, metrics, engine),
            props,
            Instant.ofEpochMilli(sim.startMs()))) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic(
              topics.requestTimings().name(),
              Serdes.ByteArray().serializer(),
              Serdes.ByteArray().serializer());
      TestOutputTopic<String, LatencyAnomaly> out =
          driver.createOutputTopic(
              topics.latencyAnomalies().name(),
              Serdes.String().deserializer(),
              topics.latencyAnomalies().valueSerde().deserializer());
      TestOutputTopic<String, LatencyWindowStats> statsTopic =
          driver.createOutputTopic(
              topics.latencyStats1m().name(),
              Serdes.String().deserializer(),
              topics.latencyStats1m().valueSerde().deserializer());
      long wall = sim.startMs();
      Iterator<Emission> it = FleetSimulator.emissions(sim);
      while (it.hasNext()) {
        Emission e = it.next();
        if (e.timing().getEventTimeMs() >= sim.endMs()) {
          continue;
        }
        wall = tickTo(driver, wall, e.emitAtMs());
        RequestTiming t = e.timing();
        in.pipeInput(
            t.getRequestId().getBytes(StandardCharsets.UTF_8), CODEC.encode(t), e.emitAtMs());
        if (++fed % 20_000 == 0) {
          progress.accept(fed);
          anomalies.addAll(out.readValuesToList());
          statsOut += drain(statsTopic, stats);
        }
      }
      tickTo(driver, wall, wall + DRAIN.toMillis());
      anomalies.addAll(out.readValuesToList());
      statsOut += drain(statsTopic, stats);
    } finally {
      deleteQuietly(stateDir);
    }
    progress.accept(fed);
    return new Output(
        List.copyOf(anomalies),
        fed,
        statsOut,
        (long) metrics.count("r1lat_records_dlq_total"),
        (long) metrics.count("r1lat_records_late_total"));
  }

  private static long drain(
      TestOutputTopic<String, LatencyWindowStats> topic, Consumer<LatencyWindowStats> sink) {
    long n = 0;
    while (!topic.isEmpty()) {
      LatencyWindowStats s = topic.readValue();
      if (s.getRevision() == 0) { // what the detector sees: corrections of late events are not
        sink.accept(s);
        n++;
      }
    }
    return n;
  }

  /** Moves the driver's wall clock towards {@code toMs} in whole steps; returns where it is. */
  private static long tickTo(TopologyTestDriver driver, long wallMs, long toMs) {
    while (toMs - wallMs >= TICK_MS) {
      driver.advanceWallClockTime(Duration.ofMillis(TICK_MS));
      wallMs += TICK_MS;
    }
    return wallMs;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("r1lat-bench-anomalies");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state folder for the test driver", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
