package dev.r1lat.bench;

import com.clickhouse.client.api.Client;
import dev.r1lat.schema.LatencyWindowStats;
import dev.r1lat.schema.TopicSpec;
import dev.r1lat.schema.Topics;
import dev.r1lat.sink.ClickHouseSettings;
import dev.r1lat.stack.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Notes when each of the freshness bench's windows first became readable: as a final record in the
 * stats topic (read_committed) and as a row in ClickHouse. Two daemon threads poll until {@link
 * #close()}, which asks them to stop and waits for them: they are never interrupted, so neither the
 * Kafka consumer nor the ClickHouse client is closed in the middle of a call.
 */
final class FreshnessWatch implements AutoCloseable {
  private static final long POLL_MS = 200;

  private final Map<Long, Long> visibleAt = new ConcurrentHashMap<>();
  private final Map<Long, Long> inKafkaAt = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  private FreshnessWatch() {}

  static FreshnessWatch start(
      ClickHouseSettings ch, Endpoints endpoints, Topics topics, String region) {
    FreshnessWatch w = new FreshnessWatch();
    w.spawn("freshness-watch", () -> w.pollClickHouse(ch, region));
    w.spawn(
        "freshness-kafka-watch",
        () -> w.readStats(endpoints.kafkaBootstrap(), topics.latencyStats1m(), region));
    return w;
  }

  /** Window start (epoch ms) -> when its row was first seen in {@code latency_stats_1m}. */
  Map<Long, Long> visibleAt() {
    return visibleAt;
  }

  /** Window start (epoch ms) -> when its final stats were first read from Kafka. */
  Map<Long, Long> inKafkaAt() {
    return inKafkaAt;
  }

  /** Waits until {@code window}'s row is queryable or {@code deadlineMs} passes. */
  void awaitVisible(long window, long deadlineMs) throws InterruptedException {
    while (!visibleAt.containsKey(window) && System.currentTimeMillis() < deadlineMs) {
      Thread.sleep(POLL_MS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join(10_000);
    }
  }

  private void spawn(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void pollClickHouse(ClickHouseSettings ch, String region) {
    try (Client client = ch.client()) {
      while (!stopped) {
        try {
          for (long w : windowsOf(client, ch.database(), region)) {
            visibleAt.putIfAbsent(w, System.currentTimeMillis());
          }
        } catch (RuntimeException e) {
          // ClickHouse busy: poll again
        }
        pause();
      }
    }
  }

  /** Window starts (epoch ms) of the all-tier e2e rows of {@code region}. */
  private static List<Long> windowsOf(Client client, String db, String region) {
    return client
        .queryAll(
            "SELECT DISTINCT toUnixTimestamp64Milli(window_start) AS w FROM"
                + " {db:Identifier}.latency_stats_1m"
                + " WHERE region = {r:String} AND tier = '*' AND component = 'e2e'",
            Map.of("db", db, "r", region))
        .stream()
        .map(r -> r.getLong("w"))
        .toList();
  }

  private void readStats(
      String bootstrap, TopicSpec<String, LatencyWindowStats> spec, String region) {
    Map<String, Object> cfg =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "freshness-" + UUID.randomUUID(),
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed");
    try (var consumer =
        new KafkaConsumer<>(
            cfg, spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
      consumer.subscribe(List.of(spec.name()));
      while (!stopped) {
        for (var r : consumer.poll(Duration.ofMillis(100))) {
          LatencyWindowStats v = r.value();
          if (v.getRegion().equals(region)
              && v.getTier().equals("*")
              && v.getComponent().equals("e2e")) {
            inKafkaAt.putIfAbsent(v.getWindowStartMs(), System.currentTimeMillis());
          }
        }
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }
}
