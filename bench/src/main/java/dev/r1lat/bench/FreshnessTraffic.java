package dev.r1lat.bench;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The freshness bench's live traffic: events with event time = now in one region, at a steady rate,
 * through the reliable producer settings every publisher uses.
 */
final class FreshnessTraffic {
  private static final long MINUTE = 60_000;
  private static final AvroCodec<RequestTiming> CODEC = AvroCodec.of(RequestTiming.class);

  private final Settings settings;
  private final Topics topics;
  private final String region;
  private final int rate;

  FreshnessTraffic(Settings settings, Topics topics, String region, int rate) {
    this.settings = settings;
    this.topics = topics;
    this.region = region;
    this.rate = rate;
  }

  /**
   * Sends until {@code endMs}; returns (window start, ack time) per acknowledged event whose window
   * starts at or after {@code measureFromMs}.
   */
  List<long[]> produce(long measureFromMs, long endMs, IntSupplier windowsVisible)
      throws InterruptedException {
    List<long[]> acked = Collections.synchronizedList(new ArrayList<>());
    SplittableRandom rnd = new SplittableRandom(3);
    long sent = 0;
    long start = System.currentTimeMillis();
    try (var producer =
        new KafkaProducer<>(
            KafkaProducerConfigs.reliable(settings, "bench-freshness"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      while (System.currentTimeMillis() < endMs) {
        long now = System.currentTimeMillis();
        RequestTiming t = event(sent, now, rnd);
        long window = now - Math.floorMod(now, MINUTE);
        producer.send(
            new ProducerRecord<>(
                topics.requestTimings().name(),
                // keyed by request id like every real publisher: spreads over all partitions,
                // so every partition's event time keeps moving
                t.getRequestId().getBytes(StandardCharsets.UTF_8),
                CODEC.encode(t)),
            (md, e) -> {
              if (e == null && window >= measureFromMs) {
                acked.add(new long[] {window, System.currentTimeMillis()});
              }
            });
        sent++;
        pace(start, sent);
        if (sent % (rate * 30L) == 0) {
          System.out.printf(
              "  %,d events sent, %d windows visible so far%n", sent, windowsVisible.getAsInt());
        }
      }
    }
    return acked;
  }

  private RequestTiming event(long n, long now, SplittableRandom rnd) {
    return RequestTiming.newBuilder()
        .setRequestId("f-" + n)
        .setEventTimeMs(now)
        .setRegion(region)
        .setTier("H100")
        .setModel("deepseek-r1")
        .setStatus(RequestStatus.OK)
        .setTtftMs(100 + rnd.nextInt(400) * 1.0)
        .setE2eMs(2_000 + rnd.nextInt(9_000))
        .build();
  }

  private void pace(long start, long sent) throws InterruptedException {
    long wait = start + sent * 1000 / rate - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
