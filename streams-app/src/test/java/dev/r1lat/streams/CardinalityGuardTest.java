package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {
  private final List<String> asked = new ArrayList<>();
  private final CardinalityGuard.Memory inner = CardinalityGuard.inMemory();
  private final AtomicInteger folds = new AtomicInteger();

  /** Records every key the guard looks up or adds. */
  private final CardinalityGuard.Memory memory =
      new CardinalityGuard.Memory() {
        @Override
        public boolean contains(String v) {
          asked.add(v);
          return inner.contains(v);
        }

        @Override
        public void add(String v) {
          inner.add(v);
        }

        @Override
        public int count(String dimension) {
          return inner.count(dimension);
        }
      };

  private CardinalityGuard guard(Set<String> regions, int maxValues) {
    return new CardinalityGuard(
        new CardinalityGuard.Limits(regions, Set.of(), maxValues), memory, folds::incrementAndGet);
  }

  @Test
  void shouldAskTheMemoryOnlyOnceForAnAdmittedValue() {
    CardinalityGuard g = guard(Set.of(), 10);
    for (int i = 0; i < 1_000; i++) {
      assertThat(g.region(new String("eu-west"))).isEqualTo("eu-west");
      assertThat(g.tier("H100")).isEqualTo("H100");
      assertThat(g.model("r1")).isEqualTo("r1");
    }
    assertThat(asked).containsExactly("region=eu-west", "tier=H100", "model=r1");
    assertThat(folds).hasValue(0);
  }

  @Test
  void shouldFoldAndCountEveryEventOfAValueOverTheCap() {
    CardinalityGuard g = guard(Set.of(), 2);
    assertThat(g.region("a")).isEqualTo("a");
    assertThat(g.region("b")).isEqualTo("b");
    for (int i = 0; i < 5; i++) {
      assertThat(g.region("c")).isEqualTo(CardinalityGuard.OTHER);
      assertThat(g.region("a")).isEqualTo("a");
    }
    assertThat(folds).hasValue(5);
    assertThat(inner.count("region")).isEqualTo(2);
  }

  @Test
  void shouldFoldEveryEventOutsideTheAllowListEvenIfRemembered() {
    inner.add("region=xx"); // admitted by an earlier configuration without an allow-list
    CardinalityGuard g = guard(Set.of("eu-west"), 10);
    for (int i = 0; i < 3; i++) {
      assertThat(g.region("xx")).isEqualTo(CardinalityGuard.OTHER);
      assertThat(g.region("eu-west")).isEqualTo("eu-west");
    }
    assertThat(folds).hasValue(3);
  }

  @Test
  void shouldAdmitTheSameValuesAfterARestartFromTheSameMemory() {
    CardinalityGuard first = guard(Set.of(), 1);
    assertThat(first.model("r1")).isEqualTo("r1");
    CardinalityGuard restarted = guard(Set.of(), 1);
    assertThat(restarted.model("v3")).isEqualTo(CardinalityGuard.OTHER);
    assertThat(restarted.model("r1")).isEqualTo("r1");
  }
}
