package dev.r1lat.anomaly.alert;

import static dev.r1lat.anomaly.alert.AnomalyEvents.event;
import static dev.r1lat.schema.AnomalyState.OPEN;
import static dev.r1lat.schema.AnomalyState.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TimeOrderTest {
  private final AvroCodec<LatencyAnomaly> codec = AvroCodec.of(LatencyAnomaly.class);

  @Test
  void shouldReadABacklogInDetectionOrderAcrossPartitionsAndOffsetOrderWithinOne() {
    // two group levels of one fault, each a whole lifecycle on its own partition
    TopicPartition p0 = new TopicPartition("t", 0);
    TopicPartition p1 = new TopicPartition("t", 1);
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> polled = new LinkedHashMap<>();
    polled.put(
        p0,
        records(
            p0,
            event("g", OPEN, "us-east", "H100", 10),
            event("g", RESOLVED, "us-east", "H100", 20)));
    polled.put(
        p1,
        records(
            p1, event("r", OPEN, "us-east", "*", 11), event("r", RESOLVED, "us-east", "*", 21)));

    List<TimeOrder.Item> merged =
        TimeOrder.merge(
            new ConsumerRecords<>(polled, Map.of()), r -> Optional.of(codec.decode(r.value())));

    assertThat(merged)
        .extracting(
            i -> i.anomaly().orElseThrow().getTier() + " " + i.anomaly().orElseThrow().getState())
        .containsExactly("H100 OPEN", "* OPEN", "H100 RESOLVED", "* RESOLVED");
    IncidentTracker tracker = new IncidentTracker();
    List<String> incidents = new ArrayList<>();
    merged.forEach(i -> incidents.add(tracker.apply(i.anomaly().orElseThrow()).incident()));
    assertThat(incidents).containsOnly(incidents.get(0));
  }

  private List<ConsumerRecord<String, byte[]>> records(
      TopicPartition tp, LatencyAnomaly... events) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    for (LatencyAnomaly e : events) {
      out.add(new ConsumerRecord<>(tp.topic(), tp.partition(), out.size(), "k", codec.encode(e)));
    }
    return out;
  }
}
