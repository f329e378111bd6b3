package dev.r1lat.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The streams app's own counters, exported on /metrics with the Kafka Streams client metrics. */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final Counter in;
  private final Counter late;
  private final Counter folded;
  private final Counter windowsOut;
  private final Counter replayed;
  private final Counter duplicates;
  private final Counter lateFolded;
  private final Counter lateBeyondHorizon;
  private final Counter correctionsOut;

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.in = registry.counter("r1lat_records_in_total");
    this.late = registry.counter("r1lat_records_late_total");
    this.folded = registry.counter("r1lat_dimension_values_folded_total");
    this.windowsOut = registry.counter("r1lat_window_stats_out_total");
    this.replayed = registry.counter("r1lat_records_replayed_total");
    this.duplicates = registry.counter("r1lat_duplicates_total");
    this.lateFolded = registry.counter("r1lat_late_folded_total");
    this.lateBeyondHorizon = registry.counter("r1lat_late_beyond_horizon_total");
    this.correctionsOut = registry.counter("r1lat_corrections_out_total");
  }

  public MeterRegistry registry() {
    return registry;
  }

  void recordIn() {
    in.increment();
  }

  /** Input refused by admission: dead-lettered or quarantined, by its reason class. */
  void recordRejected(AggregatorOutput.Route route, String reasonClass) {
    if (route == AggregatorOutput.Route.QUARANTINE) {
      recordQuarantined(reasonClass);
    } else {
      recordDlq(reasonClass);
    }
  }

  /** Rejected input, by a coarse reason class so the label set stays small. */
  void recordDlq(String reasonClass) {
    registry.counter("r1lat_records_dlq_total", "reason", reasonClass).increment();
  }

  /** Well-formed input whose event time cannot be trusted (future_event_time, too_old). */
  void recordQuarantined(String reasonClass) {
    registry.counter("r1lat_quarantined_total", "reason", reasonClass).increment();
  }

  /** A retried request its window had already counted. */
  void recordDuplicate() {
    duplicates.increment();
  }

  void recordLate() {
    late.increment();
  }

  /** A late event taken into a correction of its window (counted once per request id). */
  void recordLateFolded() {
    lateFolded.increment();
  }

  /** A late event whose window ended beyond streams.late.horizon: quarantined, not corrected. */
  void recordLateBeyondHorizon() {
    lateBeyondHorizon.increment();
    recordQuarantined(LateCorrections.BEYOND_HORIZON);
  }

  /** A correction row (revision >= 1) written to the stats topic. */
  void recordCorrectionOut() {
    correctionsOut.increment();
  }

  void recordFolded() {
    folded.increment();
  }

  void recordStatsOut() {
    windowsOut.increment();
  }

  void recordReplayed() {
    replayed.increment();
  }

  public double count(String name) {
    var c = registry.find(name).counters();
    return c.stream().mapToDouble(Counter::count).sum();
  }
}
