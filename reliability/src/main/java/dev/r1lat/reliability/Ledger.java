package dev.r1lat.reliability;

import java.util.Map;

/**
 * The exact numbers behind a scenario result: what went in, where the streams app put it (final
 * window stats, late topic, dead-letter topic, quarantine topic, or dropped as a retried
 * duplicate), what the sink dead-lettered, and what ClickHouse holds after the sink.
 */
public record Ledger(
    long validIn,
    long malformedIn,
    long counted,
    long late,
    long deadLettered,
    long quarantined,
    long duplicatesDropped,
    long sinkDeadLettered,
    long statsRecords,
    long outputDuplicates,
    Map<Long, Long> countedByWindow,
    Map<Long, Long> lateByWindow,
    Warehouse.Counts clickhouse,
    long corrected,
    long statsKeysIgnoringRevision) {

  public static final Ledger EMPTY =
      new Ledger(
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          Map.of(),
          Map.of(),
          new Warehouse.Counts(0, 0, 0, 0, 0, 0),
          0,
          0);

  /** Snapshot of the collector and the warehouse once the scenario has settled. */
  public static Ledger of(long validIn, long malformedIn, Pipeline p) {
    OutputCollector o = p.output();
    return new Ledger(
        validIn,
        malformedIn,
        o.counted(),
        o.late(),
        o.deadLettered(),
        o.quarantined(),
        0,
        o.sinkDeadLettered(),
        o.statsRecords(),
        o.duplicates(),
        o.countedByWindow(),
        o.lateByWindow(),
        p.warehouse().counts(),
        o.corrected(),
        o.statsKeysIgnoringRevision());
  }

  /**
   * The same ledger with the retried copies the streams app dropped as duplicates of a request it
   * had already counted (its {@code r1lat_duplicates_total}).
   */
  public Ledger withDuplicatesDropped(long dropped) {
    return new Ledger(
        validIn,
        malformedIn,
        counted,
        late,
        deadLettered,
        quarantined,
        dropped,
        sinkDeadLettered,
        statsRecords,
        outputDuplicates,
        countedByWindow,
        lateByWindow,
        clickhouse,
        corrected,
        statsKeysIgnoringRevision);
  }

  public long eventsIn() {
    return validIn + malformedIn;
  }

  /**
   * Input records the streams app accounts for: in the final stats, on the late, dead-letter or
   * quarantine topic, or dropped as a retried duplicate.
   */
  public long accounted() {
    return counted + late + deadLettered + quarantined + duplicatesDropped;
  }

  public long duplicates() {
    // rows of one window × group × component with different revisions (a first emission and its
    // corrections) are not duplicates; ClickHouse, without a revision column, counts them as such
    long revisions = statsRecords - statsKeysIgnoringRevision;
    return outputDuplicates + clickhouse.duplicates() - Math.max(0, revisions);
  }
}
