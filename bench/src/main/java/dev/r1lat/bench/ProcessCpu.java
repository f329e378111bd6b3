package dev.r1lat.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM has used, all threads, from the operating system's own account of the process
 * (user + system). A benchmark reads it at the start and the end of its measured interval and
 * divides by the events of that interval: CPU-seconds per million events, a cost that does not
 * depend on how busy the shared machine was, unlike a rate.
 */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** Process CPU time in nanoseconds; -1 when the JVM does not report it. */
  public static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** CPU-seconds per million events between two readings of {@link #nanos()}; NaN if unknown. */
  public static double secondsPerMillion(long startNanos, long endNanos, double events) {
    if (startNanos < 0 || endNanos < 0 || events <= 0) {
      return Double.NaN;
    }
    return (endNanos - startNanos) / 1e9 / (events / 1e6);
  }
}
