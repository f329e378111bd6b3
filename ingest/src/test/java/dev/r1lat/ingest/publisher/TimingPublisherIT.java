package dev.r1lat.ingest.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.KafkaTestSupport;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealStackExtension.class)
class TimingPublisherIT {

  @Test
  void recordsArriveOnTheRealBrokerAndCloseFlushes(Endpoints endpoints) throws Exception {
    String topic = KafkaTestSupport.newTopic(endpoints, "it-publisher");
    List<RequestTiming> events =
        FleetSimulator.stream(SimulatorConfig.builder().seed(11).rate(200).build())
            .limit(5_000)
            .toList();
    PublisherConfig config =
        PublisherConfig.defaults(endpoints.kafkaBootstrap(), topic).withQueueCapacity(10_000);
    TimingPublisher publisher = TimingPublisher.create(config);
    events.forEach(publisher::record);
    publisher.close(); // no flush(): close must send what is queued
    PublisherMetrics m = publisher.metrics();
    assertThat(m).isEqualTo(new PublisherMetrics(5_000, 5_000, 0, 0, 0));

    var received = KafkaTestSupport.readAll(endpoints, topic, events.size());
    assertThat(received).hasSize(events.size());
    assertThat(received).allMatch(r -> r.key().equals(r.value().getRequestId()));
    assertThat(received.stream().map(ConsumerRecord::value).toList())
        .containsExactlyInAnyOrderElementsOf(events);
  }
}
