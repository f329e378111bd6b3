package dev.r1lat.cli;

import dev.r1lat.config.Settings;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.Topics;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.streams.StreamsApp;
import dev.r1lat.streams.StreamsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An anomaly raised through the real topology (as streams-app's AnomalyFlagsIT does): 95 minutes of
 * traffic in eu-west/H100 and us-east/H100 published before the streams app starts, time to first
 * token four times slower in us-east for ten minutes from minute 75. The app learns the baseline,
 * opens a regression in us-east (and at the levels that contain it) and resolves it.
 */
final class TopologyTraffic {
  static final long MINUTE = 60_000;
  static final int WINDOWS = 95;
  static final int FAULT_FROM = 75;
  static final int FAULT_TO = 85;
  private static final int PER_WINDOW = 40;

  private TopologyTraffic() {}

  static void publish(Endpoints e, Topics topics) {
    long t0 = (System.currentTimeMillis() / MINUTE - WINDOWS - 2) * MINUTE;
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    Random rnd = new Random(7);
    long id = 0;
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", e.kafkaBootstrap(), "linger.ms", 5),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int w = 0; w < WINDOWS; w++) {
        for (int i = 0; i < PER_WINDOW; i++) {
          for (String region : List.of("eu-west", "us-east")) {
            boolean slow = region.equals("us-east") && w >= FAULT_FROM && w < FAULT_TO;
            RequestTiming t =
                RequestTiming.newBuilder()
                    .setRequestId("req-" + id++)
                    .setEventTimeMs(t0 + w * MINUTE + i * (MINUTE / PER_WINDOW))
                    .setRegion(region)
                    .setTier("H100")
                    .setModel("deepseek-r1")
                    .setStatus(RequestStatus.OK)
                    .setE2eMs(9_000.0)
                    .setTtftMs(400 * Math.exp(0.2 * rnd.nextGaussian()) * (slow ? 4 : 1))
                    .build();
            producer.send(
                new ProducerRecord<>(
                    topics.requestTimings().name(),
                    null,
                    t.getEventTimeMs(),
                    t.getRequestId().getBytes(),
                    codec.encode(t)));
          }
        }
      }
      producer.flush();
    }
  }

  static StreamsApp start(Endpoints e, String prefix, Topics topics, Path stateDir)
      throws Exception {
    StreamsSettings s =
        StreamsSettings.from(
            Settings.load(
                StreamsSettings.KEYS,
                null,
                Map.of(),
                Map.of(
                    "kafka.bootstrap-servers",
                    e.kafkaBootstrap(),
                    "streams.application-id",
                    prefix + "app",
                    "streams.state-dir",
                    stateDir.toString(),
                    "streams.idle-advance",
                    "3s",
                    "streams.grace",
                    "10s",
                    "streams.metrics-port",
                    "0")));
    return StreamsApp.start(s, topics, line -> System.out.println("[streams] " + line));
  }
}
