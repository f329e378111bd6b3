package dev.r1lat.sink;

import dev.r1lat.schema.TimingRules;
import java.time.Duration;
import java.util.Map;

/**
 * Builds a {@link SinkSettings} field by field, by name: {@link SinkSettings#from} fills every
 * field from the settings, {@link SinkSettings#toBuilder} starts from a copy to change a few. Not
 * thread-safe; {@link #build} checks nothing beyond what the record does.
 */
public final class SinkSettingsBuilder {
  private String bootstrapServers;
  private String groupId;
  private String topicPrefix;
  private String dlqTopic;
  private int maxRows;
  private Duration maxDelay;
  private Duration retryInitial;
  private Duration retryMax;
  private Duration pollTimeout;
  private Duration recoveryTimeout;
  private int writerThreads;
  private Map<String, String> kafkaOverrides = Map.of();
  private TimingRules timingRules;
  private Duration insertTimeout;
  private int maxPartitionsPerInsert;
  private String metricsBind;
  private int metricsPort;

  SinkSettingsBuilder() {}

  SinkSettingsBuilder(SinkSettings s) {
    bootstrapServers = s.bootstrapServers();
    groupId = s.groupId();
    topicPrefix = s.topicPrefix();
    dlqTopic = s.dlqTopic();
    maxRows = s.maxRows();
    maxDelay = s.maxDelay();
    retryInitial = s.retryInitial();
    retryMax = s.retryMax();
    pollTimeout = s.pollTimeout();
    recoveryTimeout = s.recoveryTimeout();
    writerThreads = s.writerThreads();
    kafkaOverrides = s.kafkaOverrides();
    timingRules = s.timingRules();
    insertTimeout = s.insertTimeout();
    maxPartitionsPerInsert = s.maxPartitionsPerInsert();
    metricsBind = s.metricsBind();
    metricsPort = s.metricsPort();
  }

  public SinkSettings build() {
    return new SinkSettings(
        bootstrapServers,
        groupId,
        topicPrefix,
        dlqTopic,
        maxRows,
        maxDelay,
        retryInitial,
        retryMax,
        pollTimeout,
        recoveryTimeout,
        writerThreads,
        kafkaOverrides,
        timingRules,
        insertTimeout,
        maxPartitionsPerInsert,
        metricsBind,
        metricsPort);
  }

  public SinkSettingsBuilder bootstrapServers(String v) {
    bootstrapServers = v;
    return this;
  }

  public SinkSettingsBuilder groupId(String v) {
    groupId = v;
    return this;
  }

  public SinkSettingsBuilder topicPrefix(String v) {
    topicPrefix = v;
    return this;
  }

  /** The full dead-letter topic name (already prefixed). */
  public SinkSettingsBuilder dlqTopic(String v) {
    dlqTopic = v;
    return this;
  }

  public SinkSettingsBuilder maxRows(int v) {
    maxRows = v;
    return this;
  }

  public SinkSettingsBuilder maxDelay(Duration v) {
    maxDelay = v;
    return this;
  }

  public SinkSettingsBuilder retryInitial(Duration v) {
    retryInitial = v;
    return this;
  }

  public SinkSettingsBuilder retryMax(Duration v) {
    retryMax = v;
    return this;
  }

  public SinkSettingsBuilder pollTimeout(Duration v) {
    pollTimeout = v;
    return this;
  }

  public SinkSettingsBuilder recoveryTimeout(Duration v) {
    recoveryTimeout = v;
    return this;
  }

  /** At least one writer thread, whatever {@code v} says. */
  public SinkSettingsBuilder writerThreads(int v) {
    writerThreads = Math.max(1, v);
    return this;
  }

  public SinkSettingsBuilder kafkaOverrides(Map<String, String> v) {
    kafkaOverrides = v;
    return this;
  }

  public SinkSettingsBuilder timingRules(TimingRules v) {
    timingRules = v;
    return this;
  }

  public SinkSettingsBuilder insertTimeout(Duration v) {
    insertTimeout = v;
    return this;
  }

  public SinkSettingsBuilder maxPartitionsPerInsert(int v) {
    maxPartitionsPerInsert = v;
    return this;
  }

  public SinkSettingsBuilder metricsBind(String v) {
    metricsBind = v;
    return this;
  }

  public SinkSettingsBuilder metricsPort(int v) {
    metricsPort = v;
    return this;
  }
}
