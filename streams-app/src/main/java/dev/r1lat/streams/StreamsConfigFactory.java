package dev.r1lat.streams;

import dev.r1lat.config.KafkaClientConfigs;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams configuration, built in one place from {@link StreamsSettings}. */
public final class StreamsConfigFactory {
  private StreamsConfigFactory() {}

  public static Properties properties(StreamsSettings s) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    // exactly_once_v2: partials, watermarks, progress and offsets commit atomically; see
    // TimingAggregator. EOS would lower commit.interval.ms to 100 ms; each commit ends a
    // transaction and blocks the stream thread, and outputs are per minute anyway, so 1 s.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, s.processingGuarantee());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitInterval().toMillis());
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toAbsolutePath().toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    p.put(BoundedRocksDbConfig.BUDGET_BYTES, Long.toString(s.rocksDbCacheBytes()));
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10L << 20);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 64 * 1024);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
    // security and any other client setting: kafka.security.protocol=SASL_SSL etc.
    p.putAll(s.kafkaOverrides());
    return p;
  }

  /** Plain consumer settings for the replay reader, sharing bootstrap and security settings. */
  public static Map<String, Object> replayConsumer(StreamsSettings s) {
    Map<String, Object> c = KafkaClientConfigs.base(s.bootstrapServers(), s.kafkaOverrides());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, s.applicationId() + "-replay");
    // the application's group: committed offsets are looked up, the group is never joined
    c.put(ConsumerConfig.GROUP_ID_CONFIG, s.applicationId());
    return c;
  }
}
