package dev.r1lat.streams;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.LatencySlos;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around the real topology, with domain-level helpers. */
final class TopologyHarness implements AutoCloseable {
  static final Topics TOPICS = Topics.defaults();
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> input;
  final TestOutputTopic<String, LatencyWindowStats> stats;
  final TestOutputTopic<byte[], byte[]> dlq;
  final TestOutputTopic<byte[], byte[]> late;
  final TestOutputTopic<byte[], byte[]> quarantine;
  final TestOutputTopic<String, LatencyAnomaly> anomalies;

  TopologyHarness(TopologySettings cfg, ReplaySource replay, Path stateDir) {
    this(cfg, replay, stateDir, Instant.now());
  }

  /** With the driver's wall clock starting at {@code wallClock} (idle advance, its bound). */
  TopologyHarness(TopologySettings cfg, ReplaySource replay, Path stateDir, Instant wallClock) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            LatencyTopology.build(
                cfg, replay, metrics, new AnomalyEngine(DetectorConfig.defaults())),
            props,
            wallClock);
    input =
        driver.createInputTopic(
            TOPICS.requestTimings().name(),
            Serdes.ByteArray().serializer(),
            Serdes.ByteArray().serializer());
    stats =
        driver.createOutputTopic(
            TOPICS.latencyStats1m().name(),
            Serdes.String().deserializer(),
            TOPICS.latencyStats1m().valueSerde().deserializer());
    dlq =
        driver.createOutputTopic(
            TOPICS.requestTimingsDlq().name(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
    anomalies =
        driver.createOutputTopic(
            TOPICS.latencyAnomalies().name(),
            Serdes.String().deserializer(),
            TOPICS.latencyAnomalies().valueSerde().deserializer());
    late =
        driver.createOutputTopic(
            TOPICS.requestTimingsLate().name(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
    quarantine =
        driver.createOutputTopic(
            TOPICS.requestTimingsQuarantine().name(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  static TopologySettings settings() {
    return new TopologySettings(
        TOPICS,
        1,
        60_000,
        30_000,
        30_000,
        2_000,
        new TimingRules(86_400_000.0, 300_000, 1_209_600_000L),
        false,
        new CardinalityGuard.Limits(Set.of(), Set.of(), 64),
        LatencySlos.defaults(),
        LateCorrectionSettings.DEFAULTS);
  }

  /** Pipes the event with its own event time as the Kafka record timestamp. */
  void send(Timings.Builder request) {
    RequestTiming t = request.build();
    input.pipeInput(t.getRequestId().getBytes(), CODEC.encode(t), t.getEventTimeMs());
  }

  /** Pipes the event with the Kafka record timestamp the broker gave it (its append time). */
  void send(Timings.Builder request, long appendedAtMs) {
    RequestTiming t = request.build();
    input.pipeInput(t.getRequestId().getBytes(), CODEC.encode(t), appendedAtMs);
  }

  void sendBytes(byte[] value, long timestamp) {
    input.pipeInput(new byte[0], value, timestamp);
  }

  /** Moves event time forward with an event in another group that is not asserted on. */
  void advanceEventTimeTo(long eventTimeMs) {
    send(Timings.request().region("zz-tick").tier("TICK").at(eventTimeMs));
  }

  void idle(Duration d) {
    driver.advanceWallClockTime(d);
  }

  List<LatencyWindowStats> drainStats() {
    return stats.readValuesToList();
  }

  static List<LatencyWindowStats> of(
      List<LatencyWindowStats> all, String region, String tier, String component) {
    return all.stream()
        .filter(
            s ->
                s.getRegion().equals(region)
                    && s.getTier().equals(tier)
                    && s.getComponent().equals(component))
        .collect(Collectors.toList());
  }

  List<TestRecord<byte[], byte[]>> drainDlq() {
    return dlq.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
