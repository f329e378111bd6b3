package dev.r1lat.sketch;

import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;

/**
 * The store of every r1lat sketch: a dense store whose lowest index is the bucket of {@link
 * LatencySketches#MIN_RESOLUTION_MS} (smaller positive values are counted there) and whose length
 * never exceeds {@link LatencySketches#MAX_BINS}. The floor is what keeps a sketch small: without
 * it, one 1e-300 ms value beside a 24 h one spans ~35,000 buckets. The bin limit is the hard
 * ceiling for values the rules would never admit (above ~36 h): past it the lowest buckets
 * collapse, so memory stays bounded whatever the values.
 *
 * <p>Every path that puts counts in (accept, decode, merge with a store of another kind) goes
 * through {@link #add(int, double)} and is clamped, so old encodings holding tinier buckets decode
 * into the same bounded shape.
 */
final class BoundedLatencyStore extends CollapsingLowestDenseStore {

  BoundedLatencyStore() {
    super(LatencySketches.MAX_BINS);
  }

  private static int clamp(int index) {
    return Math.max(index, LatencySketches.MIN_INDEX);
  }

  @Override
  public void add(int index) {
    super.add(clamp(index));
  }

  @Override
  public void add(int index, double count) {
    super.add(clamp(index), count);
  }

  @Override
  public void add(Bin bin) {
    add(bin.getIndex(), bin.getCount());
  }

  @Override
  public void mergeWith(Store store) {
    if (store instanceof BoundedLatencyStore) {
      // same floor and limit: the library's array merge is exact and needs no clamping
      super.mergeWith(store);
    } else {
      // any other store (an unbounded one, say) goes bin by bin through the clamp; the library's
      // fallback for foreign stores re-adds this store's own bins instead (sketches-java 0.8.3)
      store.forEach(this::add);
    }
  }

  @Override
  public Store copy() {
    BoundedLatencyStore copy = new BoundedLatencyStore();
    copy.mergeWith(this);
    return copy;
  }
}
