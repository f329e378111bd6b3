package dev.r1lat.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.StoreProbe;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The memory ceiling of every sketch, and the 1% guarantee over [1 µs, 24 h] it keeps. */
class LatencySketchBoundsTest {
  private static final IndexMapping MAPPING = LatencySketches.create().getIndexMapping();
  private static final double DAY_MS = LatencySketches.DOCUMENTED_MAX_MS;
  private static final double MICRO_MS = LatencySketches.MIN_RESOLUTION_MS;

  private static DDSketch of(double... values) {
    DDSketch s = LatencySketches.create();
    for (double v : values) {
      s.accept(v);
    }
    return s;
  }

  private static void assertUnderCeiling(DDSketch s) {
    assertThat(StoreProbe.allocatedCounts(s.getPositiveValueStore()))
        .isLessThanOrEqualTo(LatencySketches.MAX_BINS);
    assertThat(StoreProbe.allocatedCounts(s.getNegativeValueStore()))
        .isLessThanOrEqualTo(LatencySketches.MAX_BINS);
  }

  private static Map<Integer, Double> buckets(DDSketch s) {
    Map<Integer, Double> out = new TreeMap<>();
    LatencySketches.forEachBucket(s, out::put);
    return out;
  }

  @Test
  void shouldKeepEveryStoreUnderTheBinCeilingWhateverTheValues() {
    double[][] inputs = {
      {1e-300}, {1e-3}, {DAY_MS}, {1e-300, DAY_MS}, {Double.MIN_NORMAL, 1e300}, {1e300, 1e-300}
    };
    for (double[] values : inputs) {
      DDSketch s = of(values);
      assertUnderCeiling(s);
      assertUnderCeiling(s.copy());
      assertUnderCeiling(LatencySketches.decode(LatencySketches.encode(s)));
    }
    DDSketch alternating = LatencySketches.create();
    DDSketch merged = LatencySketches.create();
    for (int i = 0; i < 10_000; i++) {
      double v = i % 2 == 0 ? 1e-300 : DAY_MS;
      alternating.accept(v);
      merged.mergeWith(of(v, i % 3 == 0 ? 1e-3 : 1e-200));
      assertUnderCeiling(alternating);
      assertUnderCeiling(merged);
    }
    // the pair of extremes the issue found at ~277 KiB: 1,260 buckets, 10 KiB of counts
    DDSketch extremes = of(1e-300, DAY_MS);
    int span = extremes.getPositiveValueStore().getMaxIndex() - LatencySketches.MIN_INDEX + 1;
    assertThat(extremes.getPositiveValueStore().getMinIndex()).isEqualTo(LatencySketches.MIN_INDEX);
    assertThat(span).isEqualTo(1260);
    assertThat(StoreProbe.allocatedCounts(extremes.getPositiveValueStore()) * 8L)
        .isLessThanOrEqualTo(10_240);
  }

  @Test
  void shouldStayWithinOnePercentOverTheDocumentedRange() {
    Random rnd = new Random(11);
    double lo = Math.log(MICRO_MS);
    double hi = Math.log(DAY_MS);
    for (int round = 0; round < 20; round++) {
      int n = 1 + rnd.nextInt(5000);
      double[] all = new double[n + 2];
      DDSketch merged = LatencySketches.create();
      DDSketch part = LatencySketches.create();
      for (int i = 0; i < n; i++) {
        all[i] = Math.exp(lo + (hi - lo) * rnd.nextDouble());
        part.accept(all[i]);
        if (rnd.nextInt(500) == 0) {
          merged.mergeWith(LatencySketches.decode(LatencySketches.encode(part)));
          part = LatencySketches.create();
        }
      }
      // both ends of the range in every round
      all[n] = MICRO_MS;
      all[n + 1] = DAY_MS;
      part.accept(MICRO_MS);
      part.accept(DAY_MS);
      merged.mergeWith(part);
      Arrays.sort(all);
      for (double q : new double[] {0, 0.01, 0.25, 0.5, 0.9, 0.99, 0.999, 1}) {
        double exact = all[(int) Math.floor(q * (all.length - 1))];
        assertThat(LatencySketches.quantile(merged, q))
            .as("round %d q %s", round, q)
            .isCloseTo(exact, within(exact * LatencySketches.RELATIVE_ACCURACY));
      }
    }
  }

  @Test
  void shouldReadValuesBelowOneMicrosecondAsTheOneMicrosecondBucket() {
    DDSketch s = of(0.0, 1e-300, 1e-307, 1e-9, 5e-4, MICRO_MS);
    assertThat(LatencySketches.quantile(s, 0)).isZero();
    double oneMicroBucket = MAPPING.value(LatencySketches.MIN_INDEX);
    assertThat(oneMicroBucket).isLessThanOrEqualTo(MICRO_MS).isCloseTo(MICRO_MS, within(1e-5));
    for (double q : new double[] {0.2, 0.5, 0.8, 1}) {
      assertThat(LatencySketches.quantile(s, q)).isEqualTo(oneMicroBucket);
    }
    assertThat(buckets(s)).containsExactly(Map.entry(Integer.MIN_VALUE, 1.0), bucket(5.0));
  }

  private static Map.Entry<Integer, Double> bucket(double count) {
    return Map.entry(LatencySketches.MIN_INDEX, count);
  }

  @Test
  void shouldMergeBoundedSketchesExactly() {
    Random rnd = new Random(5);
    DDSketch whole = LatencySketches.create();
    DDSketch merged = LatencySketches.create();
    DDSketch viaBytes = LatencySketches.create();
    for (int part = 0; part < 50; part++) {
      DDSketch s = LatencySketches.create();
      for (int i = 0; i < 200; i++) {
        double v =
            switch (rnd.nextInt(4)) {
              case 0 -> 1e-300;
              case 1 -> DAY_MS;
              case 2 -> 0.0;
              default -> Math.exp(6 + rnd.nextGaussian());
            };
        s.accept(v);
        whole.accept(v);
      }
      merged.mergeWith(s.copy());
      viaBytes.mergeWith(LatencySketches.decode(LatencySketches.encode(s)));
    }
    assertThat(buckets(merged)).isEqualTo(buckets(whole));
    assertThat(buckets(viaBytes)).isEqualTo(buckets(whole));
    assertThat(merged.getCount()).isEqualTo(10_000);
  }

  @Test
  void shouldDecodeAnEncodingWrittenBeforeTheStoreWasBounded() {
    DDSketch old = new DDSketch(MAPPING, UnboundedSizeDenseStore::new);
    double[] values = {0.0, 1e-300, 1e-3, 0.5, 12.0, 850.0, DAY_MS};
    for (double v : values) {
      old.accept(v);
    }
    DDSketch decoded = LatencySketches.decode(LatencySketches.encode(old));
    assertUnderCeiling(decoded);
    Map<Integer, Double> expected = new TreeMap<>(buckets(old));
    // only the bucket below 1 µs moves: into the 1 µs bucket; every other index keeps its meaning
    int tiny = MAPPING.index(1e-300);
    expected.merge(LatencySketches.MIN_INDEX, expected.remove(tiny), Double::sum);
    assertThat(buckets(decoded)).isEqualTo(expected);
    assertThat(decoded.getCount()).isEqualTo(values.length);
    assertThat(LatencySketches.quantile(decoded, 1)).isCloseTo(DAY_MS, within(DAY_MS * 0.01));
  }

  @Test
  void shouldFoldAnUnboundedSketchMergedIntoABoundedOne() {
    DDSketch old = new DDSketch(MAPPING, UnboundedSizeDenseStore::new);
    old.accept(1e-300);
    old.accept(40.0);
    DDSketch bounded = of(40.0);
    bounded.mergeWith(old);
    assertUnderCeiling(bounded);
    assertThat(buckets(bounded)).containsExactly(bucket(1.0), Map.entry(MAPPING.index(40.0), 2.0));
  }
}
