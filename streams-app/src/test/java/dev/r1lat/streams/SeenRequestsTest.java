package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeenRequestsTest {

  @Test
  void shouldKnowEveryIdItWasGivenThroughGrowth() {
    SeenRequests seen = new SeenRequests();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add("req-" + i)).isTrue();
    }
    for (int i = 0; i < 100_000; i += 997) {
      assertThat(seen.add("req-" + i)).as("req-" + i).isFalse();
    }
    assertThat(seen.size()).isEqualTo(100_000);
  }

  @Test
  void shouldTakeAMillionDistinctIdsAsDistinct() {
    SeenRequests seen = new SeenRequests();
    int added = 0;
    for (int i = 0; i < 1_000_000; i++) {
      added += seen.add(new UUID(i * 0x9E3779B97F4A7C15L, i).toString()) ? 1 : 0;
    }
    assertThat(added).isEqualTo(1_000_000);
  }

  @Test
  void shouldHashIdsThatDifferInOneCharacterOrOnlyInLengthApart() {
    Set<Long> hashes = new HashSet<>();
    String base = "x".repeat(200);
    for (int len = 0; len <= 200; len++) {
      hashes.add(SeenRequests.hash(base.substring(0, len)));
    }
    for (int i = 0; i < 200; i++) {
      char[] c = base.toCharArray();
      c[i] = 'y';
      hashes.add(SeenRequests.hash(new String(c)));
    }
    hashes.add(SeenRequests.hash("a\0"));
    hashes.add(SeenRequests.hash("a"));
    assertThat(hashes).hasSize(201 + 200 + 2);
  }
}
