package dev.r1lat.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.LatencyWindowStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A series' text forms are in anomaly ids, the detector store and the repartition topic: they must
 * stay byte for byte what they are.
 */
class SeriesKeyTest {
  private static final SeriesKey PLAIN = SeriesKey.of("eu-west", "H100", "ttft");
  private static final SeriesKey BY_MODEL =
      new SeriesKey("eu-west", "H100", Map.of("model", "r1"), "ttft");

  @Test
  void shouldKeepTheCanonicalFormOfAnomalyIds() {
    assertThat(PLAIN.canonical()).isEqualTo("eu-west/H100#ttft");
    assertThat(BY_MODEL.canonical()).isEqualTo("eu-west/H100{model=r1}#ttft");
    assertThat(BY_MODEL.groupLabel()).isEqualTo("eu-west/H100{model=r1}");
  }

  @Test
  void shouldKeepTheDetectorStoreKeyAndReadItBack() {
    assertThat(PLAIN.stateKey()).isEqualTo("eu-west|H100#ttft");
    assertThat(BY_MODEL.stateKey()).isEqualTo("eu-west|H100|r1#ttft");
    assertThat(SeriesKey.fromStateKey(PLAIN.stateKey())).isEqualTo(PLAIN);
    assertThat(SeriesKey.fromStateKey(BY_MODEL.stateKey())).isEqualTo(BY_MODEL);
  }

  @Test
  void shouldKeepThePartitionKeyOfPartials() {
    assertThat(PLAIN.partitionKey()).isEqualTo("eu-west|H100|ttft");
    assertThat(BY_MODEL.partitionKey()).isEqualTo("eu-west|H100|r1|ttft");
  }

  @Test
  void shouldExposeTheGroupsFieldsAsBefore() {
    assertThat(BY_MODEL.region()).isEqualTo("eu-west");
    assertThat(BY_MODEL.tier()).isEqualTo("H100");
    assertThat(BY_MODEL.dimensions()).isEqualTo(Map.of("model", "r1"));
    assertThat(BY_MODEL.component()).isEqualTo("ttft");
    assertThat(BY_MODEL.group()).isEqualTo(new GroupKey("eu-west", "H100", "r1"));
  }

  @Test
  void shouldReadTheSeriesOfWindowStatistics() {
    LatencyWindowStats stats = new LatencyWindowStats();
    stats.setRegion("eu-west");
    stats.setTier("H100");
    stats.setDimensions(Map.of("model", "r1"));
    stats.setComponent("ttft");

    assertThat(SeriesKey.of(stats)).isEqualTo(BY_MODEL);
    assertThat(SeriesKey.of(stats)).isEqualTo(SeriesKey.of(BY_MODEL.group(), "ttft"));
  }
}
