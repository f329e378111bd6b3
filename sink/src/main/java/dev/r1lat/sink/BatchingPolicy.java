package dev.r1lat.sink;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When a partition's buffer becomes a batch, and where it is cut. Pure: no I/O, no clock of its
 * own, so it is unit-tested on its own. Rules, in order:
 *
 * <ol>
 *   <li>a pending intent (recovery after a crash) wins: the batch is exactly [first, intentEnd],
 *       cut as soon as the buffer reaches intentEnd, whatever its size or age;
 *   <li>size: at maxRows records the first maxRows become a batch;
 *   <li>time: when the oldest buffered record waited maxDelay, everything buffered goes.
 * </ol>
 */
public record BatchingPolicy(int maxRows, Duration maxDelay, Duration recoveryTimeout) {

  public BatchingPolicy {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be >= 1");
    }
  }

  /** What the policy needs to see of a buffer. */
  public interface View {
    int size();

    long offsetAt(int index);

    long ageNanos();

    /** Last offset of a batch that must be replayed as is, or -1. */
    long intentEnd();
  }

  /** The last offset of the batch to cut now, or empty to keep buffering. */
  public OptionalLong cut(View buffer) {
    int size = buffer.size();
    if (size == 0) {
      return OptionalLong.empty();
    }
    long last = buffer.offsetAt(size - 1);
    long intentEnd = buffer.intentEnd();
    if (intentEnd >= 0) {
      if (last >= intentEnd) {
        return OptionalLong.of(intentEnd);
      }
      // records of the pending range can only be missing if retention deleted them meanwhile
      return buffer.ageNanos() >= recoveryTimeout.toNanos()
          ? OptionalLong.of(last)
          : OptionalLong.empty();
    }
    if (size >= maxRows) {
      return OptionalLong.of(buffer.offsetAt(maxRows - 1));
    }
    return buffer.ageNanos() >= maxDelay.toNanos() ? OptionalLong.of(last) : OptionalLong.empty();
  }
}
