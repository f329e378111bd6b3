package dev.r1lat.streams;

import dev.r1lat.anomaly.LatencySlos;
import dev.r1lat.schema.TimingRules;
import dev.r1lat.schema.Topics;

/** The part of the configuration the topology itself depends on; tests build it directly. */
public record TopologySettings(
    Topics topics,
    int inputPartitions,
    long windowMs,
    long graceMs,
    long idleAdvanceMs,
    long eventTimeAllowanceMs,
    TimingRules timingRules,
    boolean groupByModel,
    CardinalityGuard.Limits limits,
    LatencySlos slo,
    LateCorrectionSettings lateCorrections) {

  public static TopologySettings of(StreamsSettings s, Topics topics, int inputPartitions) {
    return new TopologySettings(
        topics,
        inputPartitions,
        s.windowSize().toMillis(),
        s.grace().toMillis(),
        s.idleAdvance().toMillis(),
        s.eventTimeAllowance().toMillis(),
        s.timingRules(),
        s.groupByModel(),
        s.limits(),
        s.slo(),
        s.lateCorrections());
  }

  String inputTopic() {
    return topics.requestTimings().name();
  }
}
