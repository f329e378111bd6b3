package dev.r1lat.anomaly.nab;

import dev.r1lat.anomaly.replay.SeriesPoint;
import java.util.List;

/**
 * The textbook baseline the benchmarks print beside ours: an EWMA mean and variance, a point
 * flagged when |z| > 4 and the point before was not (de-duplicated onsets). Not used in production.
 * One instance follows one series ({@link #next}); {@link #flag} runs a whole series.
 */
public final class EwmaZBaseline {
  private static final double ALPHA = 0.02;
  private static final double Z = 4.0;
  private static final int WARMUP = 30;

  private double mean;
  private double var;
  private boolean previous;
  private int seen;

  /** Feeds the next value; true when it starts a run of out-of-band points. */
  public boolean next(double x) {
    if (seen++ == 0) {
      mean = x;
      return false;
    }
    double sd = Math.sqrt(var);
    boolean out = seen > WARMUP && sd > 0 && Math.abs(x - mean) / sd > Z;
    boolean onset = out && !previous;
    previous = out;
    double d = x - mean;
    mean += ALPHA * d;
    var = (1 - ALPHA) * (var + ALPHA * d * d);
    return onset;
  }

  public static boolean[] flag(List<SeriesPoint> points) {
    boolean[] flagged = new boolean[points.size()];
    EwmaZBaseline z = new EwmaZBaseline();
    for (int i = 0; i < points.size(); i++) {
      flagged[i] = z.next(points.get(i).value());
    }
    return flagged;
  }
}
