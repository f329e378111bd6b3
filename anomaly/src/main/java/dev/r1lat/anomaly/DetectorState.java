package dev.r1lat.anomaly;

import java.util.TreeMap;

/**
 * Everything the detector remembers about one series: robust baselines per watched metric, the last
 * six hours of counts, and the lifecycle of each anomaly slot. Mutable; the engine updates it in
 * place on each window. {@link #toBytes()} / {@link #fromBytes(byte[])} let a key-value state store
 * keep it so a restart resumes with no new warm-up. The format is versioned (first byte).
 */
public final class DetectorState {
  static final int FORMAT_VERSION = 4;
  private static final int MAX_ENTRIES = 256;

  private long lastWindowStartMs = Long.MIN_VALUE;
  private long windowsSeen;
  private final TreeMap<String, RobustBaseline> baselines = new TreeMap<>();
  private CountRing counts = new CountRing();
  private final TreeMap<String, LifecycleTracker> trackers = new TreeMap<>();

  public static DetectorState empty() {
    return new DetectorState();
  }

  /** Start of the last window fed, or {@code Long.MIN_VALUE} before the first. */
  public long lastWindowStartMs() {
    return lastWindowStartMs;
  }

  public long windowsSeen() {
    return windowsSeen;
  }

  /** True while any anomaly of this series is open (useful to decide what to punctuate). */
  public boolean hasOpenAnomaly() {
    return trackers.values().stream().anyMatch(LifecycleTracker::isOpen);
  }

  void advance(long windowStartMs) {
    lastWindowStartMs = windowStartMs;
    windowsSeen++;
  }

  RobustBaseline baseline(String metric, int capacity) {
    return baselines.computeIfAbsent(metric, m -> new RobustBaseline(capacity));
  }

  CountRing counts() {
    return counts;
  }

  LifecycleTracker tracker(String slot) {
    return trackers.computeIfAbsent(slot, s -> new LifecycleTracker());
  }

  public byte[] toBytes() {
    StateBytes.Writer w = new StateBytes.Writer().u8(FORMAT_VERSION);
    w.varLong(lastWindowStartMs).varLong(windowsSeen);
    w.varLong(baselines.size());
    baselines.forEach(
        (metric, b) -> {
          w.str(metric);
          b.write(w);
        });
    counts.write(w);
    w.varLong(trackers.size());
    trackers.forEach(
        (slot, t) -> {
          w.str(slot);
          t.write(w);
        });
    return w.toByteArray();
  }

  /**
   * Restores a state written by {@link #toBytes()}. Fails with an {@link IllegalArgumentException}
   * naming the problem on bytes of another format version or a truncated/corrupt buffer.
   */
  public static DetectorState fromBytes(byte[] bytes) {
    StateBytes.Reader r = new StateBytes.Reader(bytes);
    int version = r.u8();
    if (version < 1 || version > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "detector state format v"
              + version
              + " is not readable (this build reads v1 to v"
              + FORMAT_VERSION
              + ")");
    }
    DetectorState s = new DetectorState();
    s.lastWindowStartMs = r.varLong();
    s.windowsSeen = r.varLong();
    int nBaselines = r.length(MAX_ENTRIES);
    for (int i = 0; i < nBaselines; i++) {
      s.baselines.put(r.str(), RobustBaseline.read(r, version));
    }
    s.counts = CountRing.read(r);
    int nTrackers = r.length(MAX_ENTRIES);
    for (int i = 0; i < nTrackers; i++) {
      s.trackers.put(r.str(), LifecycleTracker.read(r));
    }
    if (!r.atEnd()) {
      throw new IllegalArgumentException("detector state is corrupt: trailing bytes");
    }
    return s;
  }
}
