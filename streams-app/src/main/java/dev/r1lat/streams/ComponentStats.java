package dev.r1lat.streams;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;

/**
 * Mergeable statistics of one component in one window and group: counts, sum, max and the DDSketch.
 * Mutable on purpose: the hot path adds values in place, with no serialization per event.
 */
public final class ComponentStats {
  private final DDSketch sketch;
  private long count;
  private long errors;
  private long overSlo;
  private double sum;
  private double max;
  private final double sloMs;

  public ComponentStats(double sloMs) {
    this(LatencySketches.create(), 0, 0, 0, 0, 0, sloMs);
  }

  private ComponentStats(
      DDSketch sketch,
      long count,
      long errors,
      long overSlo,
      double sum,
      double max,
      double sloMs) {
    this.sketch = sketch;
    this.count = count;
    this.errors = errors;
    this.overSlo = overSlo;
    this.sum = sum;
    this.max = max;
    this.sloMs = sloMs;
  }

  public void add(double valueMs, boolean error) {
    sketch.accept(valueMs);
    count++;
    sum += valueMs;
    if (valueMs > max) {
      max = valueMs;
    }
    if (error) {
      errors++;
    }
    if (valueMs > sloMs) {
      overSlo++;
    }
  }

  /** Exact merge: counts add, the max of maxes, sketches merge bucket by bucket. */
  public void merge(ComponentStats other) {
    sketch.mergeWith(other.sketch);
    count += other.count;
    errors += other.errors;
    overSlo += other.overSlo;
    sum += other.sum;
    max = Math.max(max, other.max);
  }

  public ComponentStats copy() {
    return new ComponentStats(sketch.copy(), count, errors, overSlo, sum, max, sloMs);
  }

  public long count() {
    return count;
  }

  public long errors() {
    return errors;
  }

  public long overSlo() {
    return overSlo;
  }

  public double sloMs() {
    return sloMs;
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  public double max() {
    return max;
  }

  public DDSketch sketch() {
    return sketch;
  }

  public byte[] toBytes() {
    byte[] s = LatencySketches.encode(sketch);
    return ByteBuffer.allocate(5 * 8 + s.length)
        .putLong(count)
        .putLong(errors)
        .putLong(overSlo)
        .putDouble(sum)
        .putDouble(max)
        .put(s)
        .array();
  }

  /** Wire form without the SLO threshold, which travels beside it. */
  public static ComponentStats fromBytes(byte[] bytes, double sloMs) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long count = b.getLong();
    long errors = b.getLong();
    long overSlo = b.getLong();
    double sum = b.getDouble();
    double max = b.getDouble();
    byte[] s = new byte[b.remaining()];
    b.get(s);
    return new ComponentStats(LatencySketches.decode(s), count, errors, overSlo, sum, max, sloMs);
  }
}
