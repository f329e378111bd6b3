package dev.r1lat.sink.write;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.r1lat.sink.ClickHouseCalls;

/**
 * Writes a batch as one INSERT of a Native block through client-v2, with {@code
 * insert_deduplication_token} set to the batch's token. {@code
 * deduplicate_blocks_in_dependent_materialized_views} makes a replayed batch skip the rollup views
 * too (checked in SinkIdempotencyIT), and {@code distributed_foreground_insert} keeps the token
 * when the table is Distributed (cluster).
 */
public final class ClickHouseBatchWriter implements BatchWriter {
  private final Client client;
  private final String database;

  public ClickHouseBatchWriter(Client client, String database) {
    this.client = client;
    this.database = database;
  }

  @Override
  public <R> void write(Batch<R> batch) throws WriteException {
    if (batch.rows().isEmpty()) {
      return;
    }
    BinaryOut out = batch.table().encodeNative(batch.rows());
    InsertSettings settings =
        new InsertSettings()
            .setDatabase(database)
            .setDeduplicationToken(batch.dedupToken())
            .serverSetting("insert_deduplicate", "1")
            .serverSetting("deduplicate_blocks_in_dependent_materialized_views", "1")
            .serverSetting("distributed_foreground_insert", "1");
    try (InsertResponse ignored =
        ClickHouseCalls.await(
            client.insert(
                batch.table().name(),
                batch.table().columns(),
                out::writeTo,
                ClickHouseFormat.Native,
                settings))) {
      // written (or recognised as a duplicate of an earlier write of the same token)
    } catch (RuntimeException e) {
      throw new WriteException(
          "insert of "
              + batch.rows().size()
              + " rows into "
              + batch.table().name()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
