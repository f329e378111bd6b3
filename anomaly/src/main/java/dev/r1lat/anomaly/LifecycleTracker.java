package dev.r1lat.anomaly;

import dev.r1lat.anomaly.DetectorConfig.Lifecycle;
import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Hysteresis and pacing of one anomaly slot (kind and metric) of one series: opens after {@code
 * openAfter} bad windows among the last {@code openWindow} (or at once on an extreme one), sends an
 * UPDATE at most every update interval, resolves after {@code resolveAfter} good windows in a row.
 * Windows without data are skipped, not counted as good (see {@link #step}).
 */
final class LifecycleTracker {
  private int recentBad; // bit i set = the window i windows ago was bad
  private boolean open;
  private String anomalyId = "";
  private long openedAtMs;
  private long lastEmitMs;
  private int badWindows;
  private int goodStreak;
  private Severity severity = Severity.INFO;

  /**
   * Feeds one window's verdict; returns the lifecycle event it causes, if any. A window without
   * data changes nothing: a traffic gap neither resolves an anomaly nor counts toward opening one.
   * Only a novel bad window opens; any bad window keeps an open anomaly open.
   */
  Optional<AnomalyState> step(Verdict v, String seriesId, long windowStartMs, Lifecycle cfg) {
    if (v.noData()) {
      return Optional.empty();
    }
    int mask = cfg.openWindow() >= 32 ? -1 : (1 << cfg.openWindow()) - 1;
    recentBad = ((recentBad << 1) | (v.bad() ? 1 : 0)) & mask;
    if (!open) {
      if (v.bad() && v.novel() && (v.extreme() || Integer.bitCount(recentBad) >= cfg.openAfter())) {
        open = true;
        anomalyId = idOf(seriesId, v.slot(), windowStartMs);
        openedAtMs = windowStartMs;
        lastEmitMs = windowStartMs;
        badWindows = Integer.bitCount(recentBad);
        goodStreak = 0;
        severity = v.severity();
        return Optional.of(AnomalyState.OPEN);
      }
      return Optional.empty();
    }
    if (v.bad()) {
      badWindows++;
      goodStreak = 0;
    } else if (++goodStreak >= cfg.resolveAfter()) {
      open = false;
      recentBad = 0;
      lastEmitMs = windowStartMs;
      return Optional.of(AnomalyState.RESOLVED);
    }
    if (!v.bad()) {
      return Optional.empty(); // recovering: the next event is RESOLVED or a new bad window's
    }
    boolean escalated = v.severity().ordinal() > severity.ordinal();
    if (escalated || windowStartMs - lastEmitMs >= cfg.updateIntervalMs()) {
      lastEmitMs = windowStartMs;
      severity = escalated ? v.severity() : severity;
      return Optional.of(AnomalyState.UPDATE);
    }
    return Optional.empty();
  }

  /** Deterministic: the same series, slot and opening window always give the same id. */
  static String idOf(String seriesId, String slot, long openWindowStartMs) {
    String name = seriesId + "|" + slot + "|" + openWindowStartMs;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  boolean isOpen() {
    return open;
  }

  String anomalyId() {
    return anomalyId;
  }

  long openedAtMs() {
    return openedAtMs;
  }

  int badWindows() {
    return badWindows;
  }

  Severity severity() {
    return severity;
  }

  void write(StateBytes.Writer w) {
    w.varLong(recentBad).u8(open ? 1 : 0).str(anomalyId).varLong(openedAtMs);
    w.varLong(lastEmitMs).varLong(badWindows).varLong(goodStreak).u8(severity.ordinal());
  }

  static LifecycleTracker read(StateBytes.Reader r) {
    LifecycleTracker t = new LifecycleTracker();
    t.recentBad = r.varInt();
    t.open = r.u8() == 1;
    t.anomalyId = r.str();
    t.openedAtMs = r.varLong();
    t.lastEmitMs = r.varLong();
    t.badWindows = r.varInt();
    t.goodStreak = r.varInt();
    int sev = r.u8();
    if (sev >= Severity.values().length) {
      throw new IllegalArgumentException("detector state is corrupt: severity " + sev);
    }
    t.severity = Severity.values()[sev];
    return t;
  }
}
