package com.datadoghq.sketch.ddsketch.store;

/**
 * Reads the length of a dense store's counts array, which is the store's memory (8 bytes per
 * count). Test-only: it lives in the library's package because the array is package-private.
 */
public final class StoreProbe {
  private StoreProbe() {}

  public static int allocatedCounts(Store store) {
    double[] counts = ((DenseStore) store).counts;
    return counts == null ? 0 : counts.length;
  }
}
