package dev.r1lat.streams;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.sketch.LatencySketches;
import java.nio.ByteBuffer;

/**
 * Mergeable statistics of one component in one window and group. The sketch, sum and max describe
 * the requests that succeeded (status OK): a timeout's 10 minutes is not a latency anyone waited
 * for to completion, and it would pin the tail. The values of the other requests go to a second
 * sketch, allocated on the first failure only (most windows have none, and memory per open window
 * is bounded per sketch): the two together are the all-request distribution, exactly.
 *
 * <p>{@code overSlo} counts requests of any status whose value is above the threshold of their tier
 * class ({@code sloMs}, NaN when the component has no SLO); {@code good} counts the group's
 * requests that succeeded and met every SLO of their class, the same on every component of a group.
 * Mutable on purpose: the hot path adds values in place, with no serialization per event.
 */
public final class ComponentStats {
  /** First byte of the wire form; the earlier form starts with a count's high byte (0). */
  private static final byte WIRE_V2 = (byte) 0xC2;

  private final DDSketch sketch;
  private DDSketch failedSketch;
  private long count;
  private long errors;
  private long timeouts;
  private long cancelled;
  private long overSlo;
  private long good;
  private double sum;
  private double max;
  private double sloMs;

  public ComponentStats(double sloMs) {
    this(LatencySketches.create(), null, sloMs);
  }

  private ComponentStats(DDSketch sketch, DDSketch failedSketch, double sloMs) {
    this.sketch = sketch;
    this.failedSketch = failedSketch;
    this.max = Double.NaN;
    this.sloMs = sloMs;
  }

  /** One request's value of this component. */
  public void add(double valueMs, RequestStatus status) {
    count++;
    if (valueMs > sloMs) {
      overSlo++;
    }
    if (status == RequestStatus.OK) {
      sketch.accept(valueMs);
      sum += valueMs;
      max = Double.isNaN(max) ? valueMs : Math.max(max, valueMs);
      return;
    }
    errors++;
    if (status == RequestStatus.TIMEOUT) {
      timeouts++;
    } else if (status == RequestStatus.CANCELLED) {
      cancelled++;
    }
    if (failedSketch == null) {
      failedSketch = LatencySketches.create();
    }
    failedSketch.accept(valueMs);
  }

  /** One request of the group succeeded and met every SLO of its class. */
  public void addGood() {
    good++;
  }

  /**
   * Exact merge: counts add, the max of maxes, sketches merge bucket by bucket. A threshold shared
   * by both sides stays; different ones (a roll-up over tiers with different SLOs) leave none,
   * while {@code overSlo} still counts each request against its own class.
   */
  public void merge(ComponentStats other) {
    sketch.mergeWith(other.sketch);
    if (other.failedSketch != null) {
      if (failedSketch == null) {
        failedSketch = other.failedSketch.copy();
      } else {
        failedSketch.mergeWith(other.failedSketch);
      }
    }
    count += other.count;
    errors += other.errors;
    timeouts += other.timeouts;
    cancelled += other.cancelled;
    overSlo += other.overSlo;
    good += other.good;
    sum += other.sum;
    max = Double.isNaN(max) ? other.max : Double.isNaN(other.max) ? max : Math.max(max, other.max);
    sloMs = Double.compare(sloMs, other.sloMs) == 0 ? sloMs : Double.NaN;
  }

  public ComponentStats copy() {
    ComponentStats c = new ComponentStats(sloMs);
    c.merge(this);
    return c;
  }

  /** Requests with a value for this component, any status. */
  public long count() {
    return count;
  }

  /** Requests whose status is not OK (timeouts and cancellations included). */
  public long errors() {
    return errors;
  }

  public long okCount() {
    return count - errors;
  }

  public long timeouts() {
    return timeouts;
  }

  public long cancelled() {
    return cancelled;
  }

  public long overSlo() {
    return overSlo;
  }

  public long good() {
    return good;
  }

  public double sloMs() {
    return sloMs;
  }

  /** Mean of the OK requests; NaN when none succeeded. */
  public double mean() {
    return okCount() == 0 ? Double.NaN : sum / okCount();
  }

  /** Max of the OK requests; NaN when none succeeded. */
  public double max() {
    return max;
  }

  /** The OK requests' values. */
  public DDSketch sketch() {
    return sketch;
  }

  /** The other requests' values; null when none failed. */
  public DDSketch failedSketch() {
    return failedSketch;
  }

  /** Every request's values: the exact merge of both sketches (a copy). */
  public DDSketch allSketch() {
    DDSketch all = sketch.copy();
    if (failedSketch != null) {
      all.mergeWith(failedSketch);
    }
    return all;
  }

  public byte[] toBytes() {
    byte[] ok = LatencySketches.encode(sketch);
    byte[] failed = failedSketch == null ? new byte[0] : LatencySketches.encode(failedSketch);
    return ByteBuffer.allocate(1 + 6 * 8 + 2 * 8 + 4 + ok.length + failed.length)
        .put(WIRE_V2)
        .putLong(count)
        .putLong(errors)
        .putLong(timeouts)
        .putLong(cancelled)
        .putLong(overSlo)
        .putLong(good)
        .putDouble(sum)
        .putDouble(max)
        .putInt(ok.length)
        .put(ok)
        .put(failed)
        .array();
  }

  /**
   * Wire form without the SLO threshold, which travels beside it. Reads the earlier form too (a
   * window open across an upgrade): its one sketch held every request, so it is read as OK values.
   */
  public static ComponentStats fromBytes(byte[] bytes, double sloMs) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.get(0) != WIRE_V2) {
      return fromV1(b, sloMs);
    }
    b.get();
    long[] counts = new long[6];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = b.getLong();
    }
    double sum = b.getDouble();
    double max = b.getDouble();
    DDSketch ok = LatencySketches.decode(take(b, b.getInt()));
    byte[] failed = take(b, b.remaining());
    ComponentStats s =
        new ComponentStats(ok, failed.length == 0 ? null : LatencySketches.decode(failed), sloMs);
    s.count = counts[0];
    s.errors = counts[1];
    s.timeouts = counts[2];
    s.cancelled = counts[3];
    s.overSlo = counts[4];
    s.good = counts[5];
    s.sum = sum;
    s.max = max;
    return s;
  }

  private static ComponentStats fromV1(ByteBuffer b, double sloMs) {
    long count = b.getLong();
    b.getLong(); // errors: their values are inside the one sketch, so they are read as OK
    long overSlo = b.getLong();
    double sum = b.getDouble();
    double max = b.getDouble();
    ComponentStats s =
        new ComponentStats(LatencySketches.decode(take(b, b.remaining())), null, sloMs);
    s.count = count;
    s.overSlo = overSlo;
    s.sum = sum;
    s.max = max;
    return s;
  }

  private static byte[] take(ByteBuffer b, int length) {
    byte[] out = new byte[length];
    b.get(out);
    return out;
  }
}
