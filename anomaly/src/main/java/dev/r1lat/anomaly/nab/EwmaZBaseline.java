package dev.r1lat.anomaly.nab;

import dev.r1lat.anomaly.replay.SeriesPoint;
import java.util.List;

/**
 * The textbook baseline the benchmark prints beside ours: an EWMA mean and variance, a point
 * flagged when |z| > 4 and the point before was not (de-duplicated onsets). Not used in production.
 */
public final class EwmaZBaseline {
  private static final double ALPHA = 0.02;
  private static final double Z = 4.0;
  private static final int WARMUP = 30;

  private EwmaZBaseline() {}

  public static boolean[] flag(List<SeriesPoint> points) {
    boolean[] flagged = new boolean[points.size()];
    double mean = 0;
    double var = 0;
    boolean previous = false;
    for (int i = 0; i < points.size(); i++) {
      double x = points.get(i).value();
      if (i == 0) {
        mean = x;
        continue;
      }
      double sd = Math.sqrt(var);
      boolean out = i >= WARMUP && sd > 0 && Math.abs(x - mean) / sd > Z;
      flagged[i] = out && !previous;
      previous = out;
      double d = x - mean;
      mean += ALPHA * d;
      var = (1 - ALPHA) * (var + ALPHA * d * d);
    }
    return flagged;
  }
}
