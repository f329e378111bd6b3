package dev.r1lat.bench.streams;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.sketch.LatencySketches;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How far every reported quantile is from the exact quantile of the same events: per 1-minute
 * window at each group level (finest group, region, tier, all, built by merging as the streams app
 * does), and for a day of 1,440 merged minute sketches. Beside it, the baseline a rollup without
 * sketches would use: the average of the minute percentiles.
 */
public final class SketchAccuracyBench {
  static final double[] QS = {0.5, 0.9, 0.95, 0.99, 0.999};
  static final String[] LEVELS = {
    "region x tier", "region, all tiers", "all regions, tier", "all, all"
  };
  private static final int MINUTES = 1_440;
  private static final int REGIONS = 2;
  private static final int TIERS = 2;

  private final PrintStream out;
  private final int eventsPerMinute;
  private final long seed;

  public SketchAccuracyBench(PrintStream out, int eventsPerMinute, long seed) {
    this.out = out;
    this.eventsPerMinute = eventsPerMinute;
    this.seed = seed;
  }

  /** Returns the worst relative error seen over everything, for the caller's verdict. */
  public double run() {
    double worst = 0;
    int maxBytes = 0;
    long events = 0;
    for (LatencyModels model : LatencyModels.all()) {
      Result r = runModel(model);
      worst = Math.max(worst, r.worst);
      maxBytes = Math.max(maxBytes, r.maxSketchBytes);
      events += r.events;
    }
    out.printf(
        "%nevents: %,d in total; worst relative error of any quantile p50..p99.9: %.3f%%"
            + " (target <= 1%%); largest sketch: %d bytes (target <= 1024)%n",
        events, worst * 100, maxBytes);
    return worst;
  }

  private record Result(double worst, int maxSketchBytes, long events) {}

  private Result runModel(LatencyModels model) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] maxErr = new double[LEVELS.length][QS.length];
    double[] day = new double[MINUTES * eventsPerMinute];
    double[][] minuteQuantiles = new double[MINUTES][];
    DDSketch daySketch = LatencySketches.create();
    int maxBytes = 0;
    long bytesSum = 0;
    int sketches = 0;
    int n = 0;
    for (int m = 0; m < MINUTES; m++) {
      double[][] groups = new double[REGIONS * TIERS][];
      int[] sizes = new int[groups.length];
      for (int g = 0; g < groups.length; g++) {
        groups[g] = new double[eventsPerMinute];
      }
      for (int i = 0; i < eventsPerMinute; i++) {
        double v = model.sample(rnd);
        int g = rnd.nextInt(groups.length);
        groups[g][sizes[g]++] = v;
        day[n++] = v;
      }
      DDSketch[] finest = new DDSketch[groups.length];
      for (int g = 0; g < groups.length; g++) {
        finest[g] = LatencySketches.create();
        for (int i = 0; i < sizes[g]; i++) {
          finest[g].accept(groups[g][i]);
        }
        int bytes = LatencySketches.encode(finest[g]).length;
        maxBytes = Math.max(maxBytes, bytes);
        bytesSum += bytes;
        sketches++;
      }
      DDSketch all = measureLevels(groups, sizes, finest, maxErr);
      minuteQuantiles[m] = all.getValuesAtQuantiles(QS);
      int allBytes = LatencySketches.encode(all).length;
      maxBytes = Math.max(maxBytes, allBytes);
      daySketch.mergeWith(all);
    }
    Arrays.sort(day);
    print(model, maxErr, day, daySketch, minuteQuantiles, maxBytes, bytesSum / sketches);
    double worst = 0;
    for (double[] level : maxErr) {
      for (double e : level) {
        worst = Math.max(worst, e);
      }
    }
    for (int q = 0; q < QS.length; q++) {
      worst = Math.max(worst, relErr(daySketch.getValueAtQuantile(QS[q]), exact(day, QS[q])));
    }
    return new Result(worst, maxBytes, day.length);
  }

  /** Per-window errors at the four levels; returns the all-groups sketch of the window. */
  private static DDSketch measureLevels(
      double[][] groups, int[] sizes, DDSketch[] finest, double[][] maxErr) {
    DDSketch all = null;
    for (int level = 0; level < LEVELS.length; level++) {
      for (int key = 0; key < keysAt(level); key++) {
        DDSketch merged = LatencySketches.create();
        double[] values = new double[0];
        for (int g = 0; g < groups.length; g++) {
          if (member(level, key, g)) {
            merged.mergeWith(finest[g]);
            values = concat(values, groups[g], sizes[g]);
          }
        }
        Arrays.sort(values);
        for (int q = 0; q < QS.length && values.length > 0; q++) {
          double err = relErr(merged.getValueAtQuantile(QS[q]), exact(values, QS[q]));
          maxErr[level][q] = Math.max(maxErr[level][q], err);
        }
        if (level == 3) {
          all = merged;
        }
      }
    }
    return all;
  }

  private static int keysAt(int level) {
    return switch (level) {
      case 0 -> REGIONS * TIERS;
      case 1 -> REGIONS;
      case 2 -> TIERS;
      default -> 1;
    };
  }

  private static boolean member(int level, int key, int group) {
    int region = group / TIERS;
    int tier = group % TIERS;
    return switch (level) {
      case 0 -> key == group;
      case 1 -> key == region;
      case 2 -> key == tier;
      default -> true;
    };
  }

  private static double[] concat(double[] a, double[] b, int bLen) {
    double[] c = Arrays.copyOf(a, a.length + bLen);
    System.arraycopy(b, 0, c, a.length, bLen);
    return c;
  }

  /** The rank convention DDSketch guarantees its relative error against. */
  static double exact(double[] sorted, double q) {
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  static double relErr(double estimate, double exact) {
    return Math.abs(estimate - exact) / exact;
  }

  private void print(
      LatencyModels model,
      double[][] maxErr,
      double[] day,
      DDSketch daySketch,
      double[][] minuteQuantiles,
      int maxBytes,
      long meanBytes) {
    out.printf(
        "%n== %s: %,d events, %d one-minute windows x %d groups%n",
        model.name(), day.length, MINUTES, REGIONS * TIERS);
    out.printf(
        "%-34s %9s %9s %9s %9s %9s%n", "max relative error", "p50", "p90", "p95", "p99", "p99.9");
    for (int l = 0; l < LEVELS.length; l++) {
      out.printf("%-34s", "  per window, " + LEVELS[l]);
      for (double e : maxErr[l]) {
        out.printf(" %8.3f%%", e * 100);
      }
      out.println();
    }
    out.printf("%-34s", "  day = 1,440 merged sketches");
    for (double q : QS) {
      out.printf(" %8.3f%%", relErr(daySketch.getValueAtQuantile(q), exact(day, q)) * 100);
    }
    out.println();
    out.printf("%-34s", "  baseline: average of minute pXX");
    for (int q = 0; q < QS.length; q++) {
      double avg = 0;
      for (double[] mq : minuteQuantiles) {
        avg += mq[q] / minuteQuantiles.length;
      }
      out.printf(" %8.3f%%", relErr(avg, exact(day, QS[q])) * 100);
    }
    out.println();
    out.printf(
        "  sketch size per window x group x component: max %d bytes, mean %d bytes%n",
        maxBytes, meanBytes);
  }
}
