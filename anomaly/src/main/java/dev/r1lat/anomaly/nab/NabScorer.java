package dev.r1lat.anomaly.nab;

import java.util.Arrays;
import java.util.List;

/**
 * NAB scoring of one data file for given detections, as NAB's sweeper does it: the first 15% of the
 * rows (at most 750) are a probation period whose detections do not count; within a labeled window
 * only the best (earliest) detection counts, worth the scaled sigmoid of its position (1 at the
 * left edge, 0 at the right); a window with none costs {@code fnWeight}; a detection outside every
 * window costs {@code fpWeight} times the sigmoid of its distance past the previous window (the
 * full weight before the first window).
 */
public final class NabScorer {
  private final Profile profile;

  /** NAB's cost matrix. {@link #STANDARD}: A_TP = 1, A_FP = 0.11, A_FN = 1. */
  public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {}

  public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);

  /**
   * Raw score of one file and what made it. {@code nullScore} and {@code perfectScore} are the raw
   * scores of a detector that flags nothing and of one that flags each window's first row.
   */
  public record FileScore(
      double score,
      double nullScore,
      double perfectScore,
      int windows,
      int detectedWindows,
      int falsePositives) {

    /** 0 for the null detector, 100 for the perfect one. */
    public double normalized() {
      return perfectScore == nullScore ? 0 : 100 * (score - nullScore) / (perfectScore - nullScore);
    }
  }

  public NabScorer(Profile profile) {
    this.profile = profile;
  }

  static double scaledSigmoid(double relativePosition) {
    if (relativePosition >= 3.0) {
      return -1.0;
    }
    return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
  }

  static int probationaryLength(int rows) {
    return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
  }

  /** Scores flagged rows ({@code flagged[i]}) of a file with these row timestamps and windows. */
  public FileScore score(long[] timestamps, boolean[] flagged, List<NabWindow> windows) {
    int n = timestamps.length;
    int probation = probationaryLength(n);
    int[] windowOf = new int[n];
    Arrays.fill(windowOf, -1);
    int[][] bounds = new int[windows.size()][];
    for (int w = 0; w < windows.size(); w++) {
      bounds[w] = rowRange(timestamps, windows.get(w));
      for (int i = bounds[w][0]; i <= bounds[w][1]; i++) {
        windowOf[i] = w;
      }
    }
    double maxTp = scaledSigmoid(-1.0);
    double[] best = new double[windows.size()];
    boolean[] counted = new boolean[windows.size()];
    boolean[] hit = new boolean[windows.size()];
    for (int i = probation; i < n; i++) {
      if (windowOf[i] >= 0) {
        counted[windowOf[i]] = true;
      }
    }
    double fp = 0;
    int fpCount = 0;
    int prevRight = -1;
    int prevWidth = 0;
    for (int i = 0; i < n; i++) {
      int w = windowOf[i];
      if (i >= probation && flagged[i]) {
        if (w >= 0) {
          int width = bounds[w][1] - bounds[w][0] + 1;
          double pos = -(bounds[w][1] - i + 1) / (double) width;
          double s = scaledSigmoid(pos) * profile.tpWeight() / maxTp;
          best[w] = hit[w] ? Math.max(best[w], s) : s;
          hit[w] = true;
        } else {
          double past = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (double) (prevWidth - 1);
          fp += scaledSigmoid(past) * profile.fpWeight();
          fpCount++;
        }
      }
      if (w >= 0 && i == bounds[w][1]) { // NAB leaves a window after scoring its last row
        prevRight = i;
        prevWidth = bounds[w][1] - bounds[w][0] + 1;
      }
    }
    double score = fp;
    int countedWindows = 0;
    int detected = 0;
    for (int w = 0; w < windows.size(); w++) {
      if (!counted[w]) {
        continue;
      }
      countedWindows++;
      score += hit[w] ? Math.max(best[w], -profile.fnWeight()) : -profile.fnWeight();
      detected += hit[w] ? 1 : 0;
    }
    return new FileScore(
        score,
        -profile.fnWeight() * countedWindows,
        profile.tpWeight() * countedWindows,
        countedWindows,
        detected,
        fpCount);
  }

  /** First and last row inside the window; an empty range when no row falls inside. */
  private static int[] rowRange(long[] timestamps, NabWindow w) {
    int first = -1;
    int last = -2;
    for (int i = 0; i < timestamps.length; i++) {
      if (timestamps[i] >= w.startMs() && timestamps[i] <= w.endMs()) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    return first < 0 ? new int[] {0, -1} : new int[] {first, last};
  }
}
