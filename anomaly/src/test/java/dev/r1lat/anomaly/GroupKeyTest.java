package dev.r1lat.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.LatencyAnomaly;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A group's text forms are in topics and stores: they must read back as they were written. */
class GroupKeyTest {
  private static final GroupKey EU_H100 = GroupKey.of("eu-west", "H100");
  private static final GroupKey EU_H100_R1 = new GroupKey("eu-west", "H100", "r1");

  @Test
  void shouldWriteTheKafkaKeyAsRegionTierAndModel() {
    assertThat(EU_H100.kafkaKey()).isEqualTo("eu-west|H100");
    assertThat(EU_H100_R1.kafkaKey()).isEqualTo("eu-west|H100|r1");
    assertThat(GroupKey.of(GroupKey.ALL, GroupKey.ALL).kafkaKey()).isEqualTo("*|*");
  }

  @Test
  void shouldReadBackTheGroupOfAKafkaKey() {
    for (GroupKey g : new GroupKey[] {EU_H100, EU_H100_R1, new GroupKey("*", "*", "r1")}) {
      assertThat(GroupKey.fromKafkaKey(g.kafkaKey())).isEqualTo(g);
    }
  }

  @Test
  void shouldCarryTheModelAsTheOnlyAvroDimension() {
    assertThat(EU_H100.dimensions()).isEmpty();
    assertThat(EU_H100_R1.dimensions()).containsExactly(Map.entry("model", "r1"));
    assertThat(GroupKey.of("eu-west", "H100", EU_H100_R1.dimensions())).isEqualTo(EU_H100_R1);
    assertThat(GroupKey.of("eu-west", "H100", Map.of())).isEqualTo(EU_H100);
  }

  @Test
  void shouldRefuseADimensionAGroupDoesNotHave() {
    assertThatThrownBy(() -> GroupKey.of("eu-west", "H100", Map.of("zone", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zone");
  }

  @Test
  void shouldReadTheGroupOfAnAnomaly() {
    LatencyAnomaly a = new LatencyAnomaly();
    a.setRegion("eu-west");
    a.setTier("H100");
    a.setDimensions(Map.of("model", "r1"));

    assertThat(GroupKey.of(a)).isEqualTo(EU_H100_R1);
  }

  @Test
  void shouldRollAFinestGroupUpIntoFourLevels() {
    assertThat(EU_H100_R1.levels())
        .containsExactly(
            EU_H100_R1,
            new GroupKey("eu-west", "*", "r1"),
            new GroupKey("*", "H100", "r1"),
            new GroupKey("*", "*", "r1"));
  }

  @Test
  void shouldLabelTheGroupForPeople() {
    assertThat(EU_H100.label()).isEqualTo("eu-west/H100");
    assertThat(EU_H100_R1.label()).isEqualTo("eu-west/H100{model=r1}");
  }
}
