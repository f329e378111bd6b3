package dev.r1lat.streams;

/**
 * Where an aggregator task stands in its start-up since it was (re)started: whether its open
 * windows still have to be rebuilt from the input (the crash replay), whether it has looked up
 * where its partition stands, and how long a silence must last before it counts as idleness. Pure:
 * {@link TimingAggregator} does the work a phase asks for and reports what happened.
 *
 * <pre>
 * STARTED ── first tick, looked up ──► AWAITING_RECORD       (no backlog)
 *                                  ──► AWAITING_BACKLOG      (backlog)
 *         ── first tick, looked up and rebuilt ──► LIVE      (no backlog)
 *                                              ──► BACKLOG_REBUILT (backlog)
 * STARTED, AWAITING_RECORD ── first record, rebuilt ──► LIVE
 * AWAITING_BACKLOG         ── first record, rebuilt ──► BACKLOG_REBUILT
 * any ── admitted event ──► LIVE
 * </pre>
 *
 * A task whose stored progress says nothing was open, or whose committed offset is unknown, cannot
 * rebuild at the first tick: the offset of its first record tells where the replay ends.
 */
enum AggregatorPhase {
  /** (Re)started: nothing processed, where the partition stands not looked up yet. */
  STARTED(true, false),
  /** Looked up, no backlog; the windows are rebuilt when the first record comes. */
  AWAITING_RECORD(true, false),
  /** Looked up, with a backlog; the windows are rebuilt when the first record comes. */
  AWAITING_BACKLOG(true, true),
  /** Windows rebuilt; the backlog's first valid event has not come yet. */
  BACKLOG_REBUILT(false, true),
  /** Windows rebuilt (or nothing to rebuild), event time established or no backlog to wait for. */
  LIVE(false, false);

  /**
   * Idle periods a task that started on a backlog waits for its first valid event before silence
   * counts as idleness: 5 minutes at the default {@code streams.idle-advance}. Long enough for a
   * stream thread slowed by a loaded machine or a long restore to reach its first record (the
   * reliability suite saw a third of one scenario's events go late without it); bounded, because a
   * backlog may hold no valid event at all, and meanwhile the partition's watermark holds back
   * every window's final statistics.
   */
  static final int BACKLOG_WAIT_IDLE_PERIODS = 10;

  private final boolean rebuildPending;
  private final boolean backlog;

  AggregatorPhase(boolean rebuildPending, boolean backlog) {
    this.rebuildPending = rebuildPending;
    this.backlog = backlog;
  }

  /** Whether a wall-clock tick must first look up the partition's committed offset and end. */
  boolean looksUpOnTick() {
    return this == STARTED;
  }

  /** Whether the next record must first rebuild the windows that were open at the last commit. */
  boolean rebuildsOnRecord() {
    return rebuildPending;
  }

  /** The tick's lookup: whether the partition has a backlog and whether it rebuilt the windows. */
  AggregatorPhase onLookedUp(boolean hasBacklog, boolean rebuilt) {
    if (!looksUpOnTick()) {
      throw new IllegalStateException("looked up twice since the start, in " + this);
    }
    if (rebuilt) {
      return hasBacklog ? BACKLOG_REBUILT : LIVE;
    }
    return hasBacklog ? AWAITING_BACKLOG : AWAITING_RECORD;
  }

  /** The first record rebuilt the windows, up to its own offset. */
  AggregatorPhase onRebuiltAtRecord() {
    if (!rebuildPending) {
      throw new IllegalStateException("windows rebuilt twice since the start, in " + this);
    }
    return backlog ? BACKLOG_REBUILT : LIVE;
  }

  /** An event entered the statistics: event time is established, silence is idleness again. */
  AggregatorPhase onAdmitted() {
    if (rebuildPending) {
      throw new IllegalStateException("event admitted before the windows were rebuilt, in " + this);
    }
    return LIVE;
  }

  /** Whether {@code silentMs} of wall-clock silence lets stream time advance with the clock. */
  boolean idleAfter(long silentMs, long idleAdvanceMs) {
    return silentMs >= idleWaitMs(idleAdvanceMs);
  }

  /** How long a silence must last: {@link #BACKLOG_WAIT_IDLE_PERIODS} longer on a backlog. */
  long idleWaitMs(long idleAdvanceMs) {
    return backlog ? BACKLOG_WAIT_IDLE_PERIODS * idleAdvanceMs : idleAdvanceMs;
  }
}
