package dev.r1lat.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import java.io.IOException;

/**
 * The one latency sketch of r1lat: DDSketch, logarithmic index mapping, relative accuracy 1%, and a
 * bounded dense store ({@link BoundedLatencyStore}). Every sketch anywhere in the pipeline comes
 * from {@link #create()} or {@link #decode}, so any two merge (DDSketch refuses to merge sketches
 * whose mapping or accuracy differ), and a rollup of any size keeps the 1% relative-error guarantee
 * of each quantile.
 *
 * <p>Memory has a hard ceiling whatever the values: positive values below {@link
 * #MIN_RESOLUTION_MS} (1 µs) share its bucket (they read back as ≤ 1 µs; 0 keeps its own zero
 * bucket), so the values the rules admit (≤ 24 h) span at most 1,260 buckets, and the store never
 * holds more than {@link #MAX_BINS} counts (10 KiB). The 1% guarantee holds from 1 µs to ~36 h;
 * only above that, which the rules refuse, would the lowest buckets collapse.
 *
 * <p>The format name is unchanged: the bytes, the mapping and the bucket indexes ClickHouse stores
 * mean what they meant, and encodings written before the bound decode (tinier buckets are folded
 * into the 1 µs one as they are read).
 */
public final class LatencySketches {
  /** Name of the encoding carried beside the bytes ({@code LatencyWindowStats.sketchFormat}). */
  public static final String FORMAT = "ddsketch-log-1pct-v1";

  public static final double RELATIVE_ACCURACY = 0.01;

  /** Smallest resolved latency, 1 µs: smaller positive values are counted in its bucket. */
  public static final double MIN_RESOLUTION_MS = 0.001;

  /** Largest latency of the documented 1% range, the rules' maximum timing (24 h). */
  public static final double DOCUMENTED_MAX_MS = 86_400_000;

  private static final IndexMapping MAPPING =
      DDSketches.logarithmicUnboundedDense(RELATIVE_ACCURACY).getIndexMapping();

  /** Bucket index of {@link #MIN_RESOLUTION_MS}, the lowest index any store holds (-346). */
  static final int MIN_INDEX = MAPPING.index(MIN_RESOLUTION_MS);

  /**
   * Hard limit of counts per store: the 1,260 buckets of [1 µs, 24 h] rounded up to the store's
   * growth step (64), so the documented range never collapses and the array never grows past it.
   */
  public static final int MAX_BINS = 1280;

  private LatencySketches() {}

  public static DDSketch create() {
    return new DDSketch(MAPPING, BoundedLatencyStore::new);
  }

  /** Compact encoding (DDSketch {@code encode}, a few hundred bytes for a typical window). */
  public static byte[] encode(DDSketch sketch) {
    try {
      GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
      sketch.encode(out, true);
      return out.trimmedCopy();
    } catch (IOException e) {
      throw new IllegalStateException("encoding a sketch into memory cannot fail", e);
    }
  }

  /**
   * Decodes bytes written by {@link #encode}, now or before the store was bounded, into a bounded
   * sketch; the mapping is ours, not read from the bytes.
   */
  public static DDSketch decode(byte[] bytes) {
    try {
      return DDSketch.decode(ByteArrayInput.wrap(bytes), BoundedLatencyStore::new, MAPPING);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a " + FORMAT + " sketch: " + e.getMessage(), e);
    }
  }

  /**
   * Visits the non-empty buckets of the positive store as (index, count) pairs; the zero bucket is
   * reported with index {@link Integer#MIN_VALUE}. ClickHouse stores these so SQL can merge
   * sketches exactly (sum counts per index) and read quantiles back, see sql/.
   */
  public static void forEachBucket(DDSketch sketch, BucketConsumer consumer) {
    double zeros =
        sketch.getCount()
            - sketch.getPositiveValueStore().getTotalCount()
            - sketch.getNegativeValueStore().getTotalCount();
    if (zeros > 1e-9) {
      consumer.accept(Integer.MIN_VALUE, zeros);
    }
    sketch.getPositiveValueStore().forEach(consumer::accept);
  }

  /** Value within relative accuracy, as sketch.getValueAtQuantile, for an already-built sketch. */
  public static double quantile(DDSketch sketch, double q) {
    return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
  }

  @FunctionalInterface
  public interface BucketConsumer {
    void accept(int index, double count);
  }
}
