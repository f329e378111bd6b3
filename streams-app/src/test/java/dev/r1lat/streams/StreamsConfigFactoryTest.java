package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.AnomalyEngine;
import dev.r1lat.anomaly.DetectorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class StreamsConfigFactoryTest {
  @Test
  void shouldNotIdleTasksWaitingForOtherPartitions() {
    var props = StreamsConfigFactory.properties(StreamsSettings.defaults());

    assertThat(props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
        .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
  }

  /**
   * Why disabling the idle wait changes nothing: it only orders records across the partitions of
   * one task, and a task has one partition per source topic of its sub-topology.
   */
  @Test
  void shouldReadOneTopicPerSubTopology() {
    TopologyDescription description =
        LatencyTopology.build(
                TopologyHarness.settings(),
                (topic, partition, from, to, sink) -> {},
                new PipelineMetrics(new SimpleMeterRegistry()),
                new AnomalyEngine(DetectorConfig.defaults()))
            .describe();

    assertThat(description.subtopologies()).hasSizeGreaterThan(1);
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      Set<String> topics = new HashSet<>();
      sub.nodes().stream()
          .filter(n -> n instanceof TopologyDescription.Source)
          .forEach(n -> topics.addAll(((TopologyDescription.Source) n).topicSet()));
      assertThat(topics).as("sub-topology %d", sub.id()).hasSize(1);
    }
  }
}
