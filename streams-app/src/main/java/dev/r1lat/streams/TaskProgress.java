package dev.r1lat.streams;

import java.nio.ByteBuffer;

/**
 * What an aggregator task must remember across a crash, written to a changelogged store in the same
 * transaction as the partials it emitted: every window ending at or before {@code closedUpToMs} has
 * been emitted; every input record of a still-open window sits at offset {@code replayFromOffset}
 * or later; and the event time the task had reached.
 */
record TaskProgress(long closedUpToMs, long replayFromOffset, long streamTimeMs) {
  static final TaskProgress NONE = new TaskProgress(Long.MIN_VALUE, -1, Long.MIN_VALUE);

  byte[] toBytes() {
    return ByteBuffer.allocate(24)
        .putLong(closedUpToMs)
        .putLong(replayFromOffset)
        .putLong(streamTimeMs)
        .array();
  }

  static TaskProgress fromBytes(byte[] bytes) {
    if (bytes == null) {
      return NONE;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new TaskProgress(b.getLong(), b.getLong(), b.getLong());
  }
}
