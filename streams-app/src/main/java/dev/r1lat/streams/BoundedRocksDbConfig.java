package dev.r1lat.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB memory for the whole process: every store (and every segment) shares one block
 * cache, and memtables are charged to the same cache through one write buffer manager. Without this
 * each store instance takes its own 50 MB cache and 3 × 16 MB write buffers.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  /** Streams config key carrying the total budget in bytes. */
  public static final String BUDGET_BYTES = "r1lat.rocksdb.budget.bytes";

  private static Cache cache;
  private static WriteBufferManager writeBuffers;

  private static synchronized void ensure(long budgetBytes) {
    if (cache == null) {
      cache = new LRUCache(budgetBytes, -1, false, 0.1);
      writeBuffers = new WriteBufferManager(budgetBytes / 2, cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object budget = configs.get(BUDGET_BYTES);
    ensure(budget == null ? 64L << 20 : Long.parseLong(budget.toString()));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBuffers);
    options.setMaxWriteBufferNumber(2);
    options.setWriteBufferSize(4L << 20);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write buffer manager are shared by every store: never closed per store
  }
}
