package dev.r1lat.anomaly;

import java.util.List;

/**
 * One kind of check on one window of one series. Pure apart from the state it is handed: it may
 * update its own part of the state (a baseline learns), never anything else, and never reads a
 * clock.
 */
interface Detector {
  List<Verdict> evaluate(SeriesKey key, WindowPoint point, DetectorState state);
}
