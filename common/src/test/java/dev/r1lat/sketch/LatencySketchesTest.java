package dev.r1lat.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchesTest {

  private static double exactQuantile(double[] sorted, double q) {
    // DDSketch's rank convention: the value at rank floor(q * (n - 1))
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  @Test
  void shouldStayWithinOnePercentAfterEncodeDecodeAndMerge() {
    Random rnd = new Random(7);
    double[] all = new double[20_000];
    DDSketch merged = LatencySketches.create();
    for (int part = 0; part < 20; part++) {
      DDSketch s = LatencySketches.create();
      for (int i = 0; i < 1000; i++) {
        double v = Math.exp(6.7 + 0.8 * rnd.nextGaussian());
        all[part * 1000 + i] = v;
        s.accept(v);
      }
      merged.mergeWith(LatencySketches.decode(LatencySketches.encode(s)));
    }
    Arrays.sort(all);
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
      double exact = exactQuantile(all, q);
      assertThat(LatencySketches.quantile(merged, q)).isCloseTo(exact, within(exact * 0.01));
    }
    assertThat(merged.getCount()).isEqualTo(20_000);
  }

  @Test
  void shouldKeepZerosInTheirOwnBucket() {
    DDSketch s = LatencySketches.create();
    s.accept(0.0);
    s.accept(0.0);
    s.accept(12.0);
    double[] zeros = {0};
    double[] total = {0};
    LatencySketches.forEachBucket(
        s,
        (index, count) -> {
          total[0] += count;
          if (index == Integer.MIN_VALUE) {
            zeros[0] += count;
          } else {
            assertThat(LatencySketches.create().getIndexMapping().value(index))
                .isCloseTo(12.0, within(0.12));
          }
        });
    assertThat(zeros[0]).isEqualTo(2);
    assertThat(total[0]).isEqualTo(3);
  }

  @Test
  void shouldRefuseBytesThatAreNotASketch() {
    assertThatThrownBy(() -> LatencySketches.decode(new byte[] {(byte) 0xff, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(LatencySketches.FORMAT);
  }

  @Test
  void shouldEncodeATypicalWindowInWellUnderOneKibibyte() {
    Random rnd = new Random(1);
    DDSketch s = LatencySketches.create();
    for (int i = 0; i < 5000; i++) {
      s.accept(Math.exp(6.7 + 0.8 * rnd.nextGaussian()));
    }
    assertThat(LatencySketches.encode(s).length).isLessThan(1024);
  }
}
