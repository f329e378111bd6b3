package dev.r1lat.reliability;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the streams app committed — final window stats, late events, dead letters, quarantined
 * events — and the sink's dead letters, with read_committed from the start of the topics, on a
 * background thread, and keeps the tallies a scenario checks: counts per window of the all-groups
 * e2e series, every stats key (a key seen twice is a duplicate), late events by window, rejected
 * records by kind and reason.
 */
public final class OutputCollector implements AutoCloseable {
  private static final AvroCodec<RequestTiming> TIMINGS = AvroCodec.of(RequestTiming.class);
  private static final AvroCodec<LatencyWindowStats> STATS = AvroCodec.of(LatencyWindowStats.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final Thread thread;
  private volatile boolean running = true;

  private final Map<String, LatencyWindowStats> stats = new HashMap<>();
  private final Map<Long, Long> countedByWindow = new TreeMap<>();
  private final Map<Long, Long> correctedByWindow = new TreeMap<>();
  private final Map<Long, Long> lateByWindow = new TreeMap<>();
  private final Set<String> lateIds = new HashSet<>();

  /** The reason prefix of a late event past the correction horizon (streams LateCorrections). */
  static final String BEYOND_HORIZON = "beyond_correction_horizon";

  private final Letters dlq = Letters.streams();
  private final Letters quarantine = Letters.streams();
  // late events whose window is past the correction horizon: the streams app already routed them
  // to the late topic (stored raw), so this is a second record of an event accounted there
  private final Letters beyondHorizon = Letters.streams();
  private final Letters sinkDlq = Letters.sink();
  private final String sinkDlqTopic;
  private long statsRecords;
  private long duplicateStats;
  private long lateRecords;
  private final List<Long> statsArrivals = new ArrayList<>();
  private long lastArrivalMs;

  /**
   * @param sinkDlqTopic the sink's dead-letter topic (it must exist)
   */
  public OutputCollector(String bootstrap, Topics topics, String sinkDlqTopic) {
    this.topics = topics;
    this.sinkDlqTopic = sinkDlqTopic;
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2_000);
    this.consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    // assigned, not subscribed: a group without commits would start over from the earliest
    // offsets after a rebalance (e.g. when the broker restarts) and read everything twice
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(
            topics.latencyStats1m().name(),
            topics.requestTimingsLate().name(),
            topics.requestTimingsDlq().name(),
            topics.requestTimingsQuarantine().name(),
            sinkDlqTopic)) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(pi -> partitions.add(new TopicPartition(topic, pi.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::loop, "output-collector");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          synchronized (this) {
            accept(r);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> r) {
    lastArrivalMs = System.currentTimeMillis();
    if (r.topic().equals(topics.latencyStats1m().name())) {
      acceptStats(STATS.decode(r.value()));
    } else if (r.topic().equals(topics.requestTimingsLate().name())) {
      lateRecords++;
      RequestTiming t = TIMINGS.decode(r.value());
      lateIds.add(t.getRequestId());
      long window = t.getEventTimeMs() - Math.floorMod(t.getEventTimeMs(), Traffic.WINDOW_MS);
      lateByWindow.merge(window, 1L, Long::sum);
    } else if (r.topic().equals(topics.requestTimingsQuarantine().name())) {
      String reason = Letters.header(r, "r1lat.reason");
      (reason != null && reason.startsWith(BEYOND_HORIZON) ? beyondHorizon : quarantine).accept(r);
    } else if (r.topic().equals(sinkDlqTopic)) {
      sinkDlq.accept(r);
    } else {
      dlq.accept(r);
    }
  }

  private void acceptStats(LatencyWindowStats s) {
    statsRecords++;
    statsArrivals.add(lastArrivalMs);
    String key =
        s.getWindowStartMs()
            + "|"
            + s.getRegion()
            + "|"
            + s.getTier()
            + "|"
            + s.getDimensions()
            + "|"
            + s.getComponent()
            + "|r"
            + s.getRevision();
    if (stats.put(key, s) != null) {
      duplicateStats++;
    }
    if (isAllGroupsE2e(s)) {
      // revision 0: the window's first emission; >= 1: a correction holding only late events
      (s.getRevision() == 0 ? countedByWindow : correctedByWindow)
          .merge(s.getWindowStartMs(), s.getCount(), Long::sum);
    }
  }

  static boolean isAllGroupsE2e(LatencyWindowStats s) {
    return s.getRegion().equals("*")
        && s.getTier().equals("*")
        && s.getDimensions().isEmpty()
        && s.getComponent().equals("e2e");
  }

  /**
   * Events counted in the first emissions of windows: the sum of count over the all-groups e2e rows
   * of revision 0.
   */
  public synchronized long counted() {
    return countedByWindow.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Late events folded into correction rows (revision >= 1) of the all-groups e2e series. */
  public synchronized long corrected() {
    return correctedByWindow.values().stream().mapToLong(Long::longValue).sum();
  }

  public synchronized Map<Long, Long> countedByWindow() {
    return new TreeMap<>(countedByWindow);
  }

  public synchronized long late() {
    return lateRecords;
  }

  public synchronized Map<Long, Long> lateByWindow() {
    return new TreeMap<>(lateByWindow);
  }

  public synchronized Set<String> lateIds() {
    return new HashSet<>(lateIds);
  }

  public synchronized long deadLettered() {
    return dlq.records();
  }

  /** The streams app's dead letters, one per input record. */
  public synchronized List<Letters.Letter> deadLetters() {
    return dlq.letters();
  }

  /** Records on the streams app's quarantine topic (event time not trusted). */
  public synchronized long quarantined() {
    return quarantine.records();
  }

  /**
   * Late events not folded into corrections because their window is past the correction horizon
   * (also on the late topic: not a fate of their own).
   */
  public synchronized long lateBeyondHorizon() {
    return beyondHorizon.records();
  }

  public synchronized List<Letters.Letter> quarantineLetters() {
    return quarantine.letters();
  }

  /** Records on the sink's dead-letter topic (including ClickHouse rejections). */
  public synchronized long sinkDeadLettered() {
    return sinkDlq.records();
  }

  public synchronized List<Letters.Letter> sinkDeadLetters() {
    return sinkDlq.letters();
  }

  public synchronized long statsRecords() {
    return statsRecords;
  }

  /**
   * Distinct window × group × component keys, corrections (revision >= 1) and first emissions
   * together: what ClickHouse, which has no revision column, sees as distinct stats keys.
   */
  public synchronized long statsKeysIgnoringRevision() {
    return stats.keySet().stream().map(k -> k.substring(0, k.lastIndexOf("|r"))).distinct().count();
  }

  public synchronized List<LatencyWindowStats> stats() {
    return List.copyOf(stats.values());
  }

  /**
   * Stats keys seen more than once, late events, dead letters and quarantined records read more
   * than once.
   */
  public synchronized long duplicates() {
    return duplicateStats
        + (lateRecords - lateIds.size())
        + dlq.duplicates()
        + quarantine.duplicates()
        + beyondHorizon.duplicates();
  }

  /** Input records the streams app has put somewhere: counted, late, dead-lettered, quarantined. */
  public synchronized long accounted() {
    return counted() + lateRecords + dlq.records() + quarantine.records();
  }

  /** Wall-clock time the last record of any output topic was read. */
  public synchronized long lastArrivalMs() {
    return lastArrivalMs;
  }

  /** When the first final stats record read at or after {@code sinceMs} arrived; 0 if none. */
  public synchronized long firstStatsAfter(long sinceMs) {
    return statsArrivals.stream().filter(t -> t >= sinceMs).findFirst().orElse(0L);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
