package dev.r1lat.reliability;

import java.util.Map;

/**
 * The exact numbers behind a scenario result: what went in, where the streams app put it (final
 * window stats, late topic, dead-letter topic), and what ClickHouse holds after the sink.
 */
public record Ledger(
    long validIn,
    long malformedIn,
    long counted,
    long late,
    long deadLettered,
    long statsRecords,
    long outputDuplicates,
    Map<Long, Long> countedByWindow,
    Map<Long, Long> lateByWindow,
    Warehouse.Counts clickhouse) {

  public static final Ledger EMPTY =
      new Ledger(0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), new Warehouse.Counts(0, 0, 0, 0, 0, 0));

  /** Snapshot of the collector and the warehouse once the scenario has settled. */
  public static Ledger of(long validIn, long malformedIn, Pipeline p) {
    OutputCollector o = p.output();
    return new Ledger(
        validIn,
        malformedIn,
        o.counted(),
        o.late(),
        o.deadLettered(),
        o.statsRecords(),
        o.duplicates(),
        o.countedByWindow(),
        o.lateByWindow(),
        p.warehouse().counts());
  }

  public long eventsIn() {
    return validIn + malformedIn;
  }

  /** Events in the final stats, on the late topic or on the dead-letter topic. */
  public long accounted() {
    return counted + late + deadLettered;
  }

  public long duplicates() {
    return outputDuplicates + clickhouse.duplicates();
  }
}
