package dev.r1lat.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.KafkaProducerConfigs;
import dev.r1lat.ingest.KafkaTestSupport;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class KafkaTimingSinkIT {

  @Test
  void aWarpedRunLandsCompletelyInKafka(Endpoints endpoints) throws Exception {
    String topic = KafkaTestSupport.newTopic(endpoints, "it-simulate");
    SimulatorConfig config =
        SimulatorConfig.builder()
            .seed(99)
            .rate(50)
            .duration(Duration.ofMinutes(3))
            .scenarios("all")
            .build();
    KafkaTimingSink sink =
        new KafkaTimingSink(
            KafkaProducerConfigs.reliable(
                endpoints.kafkaBootstrap(),
                "it-simulate",
                Duration.ofMillis(20),
                131_072,
                "lz4",
                Map.of()),
            topic);
    SimulationRunner.Summary summary =
        new SimulationRunner(
                config,
                SimulationRunner.Pacing.AS_FAST_AS_POSSIBLE,
                sink,
                s -> {},
                Duration.ofSeconds(5))
            .run();
    sink.close();
    assertThat(sink.failed()).isZero();
    assertThat(sink.acked()).isEqualTo(summary.events());

    List<RequestTiming> expected = new ArrayList<>();
    FleetSimulator.events(config).forEachRemaining(expected::add);
    List<ConsumerRecord<String, RequestTiming>> received =
        KafkaTestSupport.readAll(endpoints, topic, expected.size());
    assertThat(received.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(received).allMatch(r -> r.key().equals(r.value().getRequestId()));
  }
}
