package dev.r1lat.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;

/**
 * The one latency sketch of r1lat: DDSketch, logarithmic index mapping, relative accuracy 1%,
 * unbounded dense store. Every sketch anywhere in the pipeline comes from {@link #create()}, so any
 * two merge (DDSketch refuses to merge sketches whose mapping or accuracy differ), and a rollup of
 * any size keeps the 1% relative-error guarantee of each quantile. Latencies in milliseconds span
 * at most ~1,000 buckets at this accuracy (1 µs to 1 day), so the dense store stays small without
 * collapsing.
 */
public final class LatencySketches {
  /** Name of the encoding carried beside the bytes ({@code LatencyWindowStats.sketchFormat}). */
  public static final String FORMAT = "ddsketch-log-1pct-v1";

  public static final double RELATIVE_ACCURACY = 0.01;

  private static final IndexMapping MAPPING =
      DDSketches.logarithmicUnboundedDense(RELATIVE_ACCURACY).getIndexMapping();

  private LatencySketches() {}

  public static DDSketch create() {
    return new DDSketch(MAPPING, UnboundedSizeDenseStore::new);
  }

  public static IndexMapping mapping() {
    return MAPPING;
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

  /** Decodes bytes written by {@link #encode}; the mapping is ours, not read from the bytes. */
  public static DDSketch decode(byte[] bytes) {
    try {
      return DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new, MAPPING);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a " + FORMAT + " sketch: " + e.getMessage(), e);
    }
  }

  /** Merges {@code bytes} into {@code into} without materializing an intermediate sketch. */
  public static void mergeInto(DDSketch into, byte[] bytes) {
    into.mergeWith(decode(bytes));
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

  /** Representative value of bucket {@code index}, the value a quantile in that bucket reads. */
  public static double bucketValue(int index) {
    return MAPPING.value(index);
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
