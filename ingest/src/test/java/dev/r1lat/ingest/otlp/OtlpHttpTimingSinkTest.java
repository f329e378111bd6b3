package dev.r1lat.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.ingest.gateway.GatewayConfig;
import dev.r1lat.schema.AvroSerde;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.testsupport.VllmSdkSpans;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class OtlpHttpTimingSinkTest {

  @Test
  void shouldDeliverSimulatedRequestsAsTheEventsVllmCanReport() throws Exception {
    MockProducer<String, RequestTiming> producer =
        new MockProducer<>(
            true, null, new StringSerializer(), AvroSerde.of(RequestTiming.class).serializer());
    List<RequestTiming> events = OtlpReceiverTest.events(1_300, 17);
    OtlpHttpTimingSink sink;
    try (OtlpReceiver receiver =
        new OtlpReceiver(
                GatewayConfig.defaults("t").withAuthToken("tok"),
                SpanMapping.defaults(),
                "127.0.0.1",
                0,
                0,
                producer)
            .start()) {
      sink = new OtlpHttpTimingSink(receiver.httpTracesUri(), "tok");
      try (sink) {
        events.forEach(sink::accept);
      }
    }

    assertThat(sink.sent()).isEqualTo(1_300);
    assertThat(sink.rejected()).isZero();
    assertThat(producer.history().stream().map(r -> r.value()).toList())
        .containsExactlyInAnyOrderElementsOf(
            events.stream().map(VllmSdkSpans::asVllmReports).toList());
  }
}
