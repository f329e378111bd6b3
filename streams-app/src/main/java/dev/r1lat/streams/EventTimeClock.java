package dev.r1lat.streams;

/**
 * One input partition's stream time: how far its event time has got, which decides when windows
 * close. It is trusted only as far as the broker's clock allows.
 *
 * <ul>
 *   <li>An event moves stream time to at most its Kafka record timestamp plus {@code allowanceMs}.
 *       The input topic stamps records with the broker's append time, so one producer host with a
 *       clock minutes ahead cannot carry the partition's stream time past the broker's clock (and
 *       make everyone else's on-time events late). The event itself still counts in its own window,
 *       which stays open until stream time gets there. The record timestamp, unlike the wall clock,
 *       is the same on a replay, so a rebuilt task reaches the same stream time.
 *   <li>After {@code idleAdvanceMs} without input, stream time moves on with the wall clock, so an
 *       idle partition's windows still close; it never passes the wall clock.
 * </ul>
 */
final class EventTimeClock {
  private final long allowanceMs;
  private final long idleAdvanceMs;
  private long streamTime;
  private long lastInputWallMs;
  private long streamTimeAtLastInput;

  /**
   * @param storedStreamTimeMs the stream time the task had committed ({@link Long#MIN_VALUE}: none)
   * @param nowMs the wall clock when the task starts
   */
  EventTimeClock(long allowanceMs, long idleAdvanceMs, long storedStreamTimeMs, long nowMs) {
    this.allowanceMs = allowanceMs;
    this.idleAdvanceMs = idleAdvanceMs;
    this.streamTime = storedStreamTimeMs;
    this.lastInputWallMs = nowMs;
    this.streamTimeAtLastInput = storedStreamTimeMs;
  }

  /**
   * Whether stored stream time lies further ahead of the wall clock than these rules can take it
   * (only an older version, which trusted producer clocks, wrote such a value); if so it restarts
   * at the wall clock. Windows the older version already closed stay closed. Harmless on a replay:
   * the events that legitimately set the stored value sit in still-open windows, so the replay
   * carries stream time back to it.
   */
  boolean clampAheadOfWallClock(long nowMs) {
    if (streamTime == Long.MIN_VALUE || streamTime <= nowMs + allowanceMs) {
      return false;
    }
    streamTime = nowMs;
    streamTimeAtLastInput = nowMs;
    return true;
  }

  long streamTime() {
    return streamTime;
  }

  boolean started() {
    return streamTime != Long.MIN_VALUE;
  }

  /** An admitted event, processed live at wall time {@code nowMs}. */
  void onEvent(long eventTimeMs, long recordTimestampMs, long nowMs) {
    onReplayed(eventTimeMs, recordTimestampMs);
    lastInputWallMs = nowMs;
    streamTimeAtLastInput = streamTime;
  }

  /** An admitted event read again by the crash replay: the same bound, no wall clock. */
  void onReplayed(long eventTimeMs, long recordTimestampMs) {
    streamTime = Math.max(streamTime, bounded(eventTimeMs, recordTimestampMs));
  }

  /** Idle time counts from here (a restarted task that rebuilt its windows without a record). */
  void rebase() {
    streamTimeAtLastInput = streamTime;
  }

  /** Wall-clock time since the last admitted event (or the task start). */
  long idleMs(long nowMs) {
    return nowMs - lastInputWallMs;
  }

  /**
   * Moves stream time on by the wall-clock silence since the last event, but never past the wall
   * clock itself; a partition that never saw an event reports the wall clock minus the idle delay.
   * Returns whether stream time moved.
   */
  boolean advanceIdle(long nowMs) {
    long advanced =
        streamTimeAtLastInput == Long.MIN_VALUE
            ? nowMs - idleAdvanceMs
            : Math.min(streamTimeAtLastInput + idleMs(nowMs), nowMs);
    if (advanced <= streamTime) {
      return false;
    }
    streamTime = advanced;
    return true;
  }

  /**
   * An event's say on stream time: its event time, but no later than when the broker appended it
   * plus the allowance. Kafka Streams refuses records without a timestamp (negative), so 0 or less
   * only comes from hand-made records; then the event time alone counts, as the rules do.
   */
  private long bounded(long eventTimeMs, long recordTimestampMs) {
    if (recordTimestampMs <= 0) {
      return eventTimeMs;
    }
    return Math.min(eventTimeMs, recordTimestampMs + allowanceMs);
  }
}
