package dev.r1lat.streams;

import dev.r1lat.config.KafkaClientConfigs;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams configuration, built in one place from {@link StreamsSettings}. */
public final class StreamsConfigFactory {
  private static final String MAX_POLL_INTERVAL = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG;
  private static final String TX_TIMEOUT = ProducerConfig.TRANSACTION_TIMEOUT_CONFIG;
  private static final Map<String, Object> CONSUMER = ConsumerConfig.configDef().defaultValues();
  private static final Map<String, Object> PRODUCER = ProducerConfig.configDef().defaultValues();

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
    // every sub-topology reads one topic (StreamsConfigFactoryTest), so a task never has two
    // partitions to order against each other, which is all max.task.idle.ms decides. Disabled, it
    // also skips the lag check that formats log text for each idle task on every pass of the
    // thread's loop (Kafka Streams 4.4: 8 % of the stream threads' CPU in `bench streams`).
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
    // security and any other client setting: kafka.security.protocol=SASL_SSL etc.
    p.putAll(s.kafkaOverrides());
    return p;
  }

  /**
   * How long one blocking call of the replay source ({@link KafkaReplaySource}: the offset look-up
   * or the replay) may take on the stream thread. Meanwhile the thread's transaction stays open (it
   * may have been open for one commit interval already) and the thread does not poll: past {@code
   * transaction.timeout.ms} the broker aborts the transaction and fences the producer, past {@code
   * max.poll.interval.ms} the consumer leaves the group. One task start makes at most two such
   * calls, so each gets a third of what is left of the smaller limit after one commit interval: 3 s
   * with the defaults (10 s transaction timeout under exactly-once, 1 s commit).
   */
  public static Duration replayBound(Properties streamsProperties) {
    StreamsConfig sc = new StreamsConfig(streamsProperties, false) {}; // false: no config dump
    // the group, client and thread names only label the clients; the limits do not depend on them
    long limit = clientSetting(sc.getMainConsumerConfigs("g", "c", 0), MAX_POLL_INTERVAL, CONSUMER);
    if (!StreamsConfig.AT_LEAST_ONCE.equals(
        sc.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
      limit = Math.min(limit, clientSetting(sc.getProducerConfigs("c"), TX_TIMEOUT, PRODUCER));
    }
    long commitMs = sc.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    return Duration.ofMillis(Math.max(1, (limit - commitMs) / 3));
  }

  /** A client setting as Kafka Streams hands it to the client, else the client's default. */
  private static long clientSetting(
      Map<String, Object> given, String key, Map<String, Object> defaults) {
    return Long.parseLong(String.valueOf(given.getOrDefault(key, defaults.get(key))));
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
