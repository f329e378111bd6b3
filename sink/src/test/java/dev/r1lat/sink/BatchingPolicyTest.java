package dev.r1lat.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BatchingPolicyTest {
  private final BatchingPolicy policy =
      new BatchingPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(60));

  /** offsets first..first+size-1, waited ageMs, with an intent end or -1. */
  private record Buf(long first, int size, long ageMs, long intentEnd)
      implements BatchingPolicy.View {
    @Override
    public long offsetAt(int index) {
      return first + index;
    }

    @Override
    public long ageNanos() {
      return Duration.ofMillis(ageMs).toNanos();
    }
  }

  @Test
  void shouldKeepBufferingASmallYoungBuffer() {
    assertThat(policy.cut(new Buf(0, 99, 999, -1))).isEmpty();
    assertThat(policy.cut(new Buf(0, 0, 5_000, -1))).isEmpty();
  }

  @Test
  void shouldCutExactlyMaxRowsWhenFull() {
    assertThat(policy.cut(new Buf(1_000, 250, 0, -1))).isEqualTo(OptionalLong.of(1_099));
  }

  @Test
  void shouldCutEverythingWhenTheOldestRecordWaitedMaxDelay() {
    assertThat(policy.cut(new Buf(7, 10, 1_000, -1))).isEqualTo(OptionalLong.of(16));
  }

  @Test
  void shouldReplayAPendingIntentExactlyRegardlessOfSizeAndAge() {
    // intent [0, 149]: neither the 100-row size rule nor the 1 s age rule may cut elsewhere
    assertThat(policy.cut(new Buf(0, 120, 5_000, 149))).isEmpty();
    assertThat(policy.cut(new Buf(0, 150, 0, 149))).isEqualTo(OptionalLong.of(149));
    assertThat(policy.cut(new Buf(0, 400, 0, 149))).isEqualTo(OptionalLong.of(149));
    assertThat(policy.cut(new Buf(0, 10, 0, 5))).isEqualTo(OptionalLong.of(5));
  }

  @Test
  void shouldGiveUpWaitingForAPendingRangeOnlyAfterTheRecoveryTimeout() {
    assertThat(policy.cut(new Buf(0, 10, 59_000, 149))).isEmpty();
    assertThat(policy.cut(new Buf(0, 10, 60_000, 149))).isEqualTo(OptionalLong.of(9));
  }

  @Test
  void shouldDoubleTheBackoffUpToItsCap() {
    Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(40)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldRoundTripTheOffsetIntent() {
    assertThat(OffsetIntent.parse(OffsetIntent.pending(12_345))).hasValue(12_345);
    assertThat(OffsetIntent.parse("")).isEmpty();
    assertThat(OffsetIntent.parse(null)).isEmpty();
    assertThat(OffsetIntent.parse("someone else's metadata")).isEmpty();
  }
}
