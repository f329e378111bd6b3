package dev.r1lat.bench.streams;

import dev.r1lat.bench.ProcessCpu;
import java.util.ArrayList;
import java.util.List;

/**
 * Row counts polled from a table while a consumer fills it, each with the time and the consumer's
 * CPU time when it was read, and the rates they imply. Two windows: from start to the first sample
 * at N (start-up included: group join, first flush), and the steady state from the first sample at
 * 20% of N to the first at 90%, the window the streams app and the bare consumer are measured over.
 * A table filled in blocks grows in steps, each a block's rows landing at once: the steady state
 * counts only when its window holds enough steps for one step more or less not to matter.
 */
public final class CountSamples {
  /** Steps the count must take inside the steady window for its rate to be reported. */
  static final int MIN_STEPS = 10;

  private final long events;
  private final long startNanos;
  private final long startCpuNanos;
  private final List<long[]> samples = new ArrayList<>();

  public CountSamples(long events, long startNanos, long startCpuNanos) {
    this.events = events;
    this.startNanos = startNanos;
    this.startCpuNanos = startCpuNanos;
  }

  /** Adds one reading; returns true once {@code count} reached the N events. */
  public boolean add(long nanos, long count, long cpuNanos) {
    samples.add(new long[] {nanos, count, cpuNanos});
    return count >= events;
  }

  /** Events per second and CPU-seconds per million events over one window. */
  public record Rate(double perSecond, double cpuSecondsPerMillion, double seconds) {}

  /** From start to the first sample at N; null before N was reached. */
  public Rate whole() {
    long[] end = first(events);
    if (end == null) {
      return null;
    }
    return rate(new long[] {startNanos, 0, startCpuNanos}, end);
  }

  /**
   * From the first sample at 20% of N to the first at 90%; null before 90% was reached, or when the
   * count took fewer than {@link #MIN_STEPS} steps in between (blocks too large for N).
   */
  public Rate steady() {
    long[] from = first((long) Math.ceil(0.2 * events));
    long[] to = first((long) Math.ceil(0.9 * events));
    if (from == null || to == null || steps(from, to) < MIN_STEPS) {
      return null;
    }
    return rate(from, to);
  }

  private long steps(long[] from, long[] to) {
    return samples.stream()
        .filter(s -> s[0] > from[0] && s[0] <= to[0])
        .mapToLong(s -> s[1])
        .distinct()
        .count();
  }

  /** The last count read; 0 before the first sample. */
  public long last() {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1];
  }

  private long[] first(long atLeast) {
    for (long[] s : samples) {
      if (s[1] >= atLeast) {
        return s;
      }
    }
    return null;
  }

  private static Rate rate(long[] from, long[] to) {
    double n = to[1] - from[1];
    double seconds = (to[0] - from[0]) / 1e9;
    return new Rate(n / seconds, ProcessCpu.secondsPerMillion(from[2], to[2], n), seconds);
  }
}
