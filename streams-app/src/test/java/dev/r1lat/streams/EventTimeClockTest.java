package dev.r1lat.streams;

import static dev.r1lat.streams.Timings.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTimeClockTest {
  private static final long ALLOWANCE = 2_000;
  private static final long IDLE = 30_000;

  private static EventTimeClock fresh() {
    return new EventTimeClock(ALLOWANCE, IDLE, Long.MIN_VALUE, T0);
  }

  @Test
  void shouldBoundAnEventsSayByItsAppendTimePlusTheAllowance() {
    EventTimeClock clock = fresh();
    clock.onEvent(T0 + 240_000, T0, T0);
    assertThat(clock.streamTime()).isEqualTo(T0 + ALLOWANCE);
    clock.onEvent(T0 + 1_000, T0 + 1_000, T0 + 1_000);
    assertThat(clock.streamTime()).as("never backwards").isEqualTo(T0 + ALLOWANCE);
    clock.onEvent(T0 + 5_000, T0 + 60_000, T0 + 5_000);
    assertThat(clock.streamTime()).as("an on-time event: its event time").isEqualTo(T0 + 5_000);
  }

  @Test
  void shouldReachTheSameStreamTimeOnAReplayWhateverTheWallClock() {
    EventTimeClock live = fresh();
    EventTimeClock replayed = new EventTimeClock(ALLOWANCE, IDLE, Long.MIN_VALUE, T0 + 3_600_000);
    long[][] events = {{T0 + 240_000, T0}, {T0 + 3_000, T0 + 2_500}, {T0 + 9_000, T0 + 9_500}};
    for (long[] e : events) {
      live.onEvent(e[0], e[1], T0 + 50);
      replayed.onReplayed(e[0], e[1]);
    }
    assertThat(replayed.streamTime()).isEqualTo(live.streamTime()).isEqualTo(T0 + 9_000);
  }

  @Test
  void shouldIdleAdvanceWithTheWallClockButNeverPastIt() {
    EventTimeClock clock = fresh();
    clock.onEvent(T0 - 5_000, T0 - 5_000, T0);
    assertThat(clock.advanceIdle(T0 + 40_000)).isTrue();
    assertThat(clock.streamTime()).isEqualTo(T0 + 35_000);

    EventTimeClock ahead = fresh(); // a broker clock 3 minutes ahead of this host's
    ahead.onEvent(T0 + 180_000, T0 + 180_000, T0);
    assertThat(ahead.advanceIdle(T0 + 60_000)).isFalse();
    assertThat(ahead.streamTime()).isEqualTo(T0 + 180_000);
    assertThat(ahead.advanceIdle(T0 + 200_000)).isTrue();
    assertThat(ahead.streamTime()).isEqualTo(T0 + 200_000);
  }

  @Test
  void shouldClampAStoredStreamTimeAheadOfTheWallClockOnly() {
    EventTimeClock old = new EventTimeClock(ALLOWANCE, IDLE, T0 + 240_000, T0);
    assertThat(old.clampAheadOfWallClock(T0)).isTrue();
    assertThat(old.streamTime()).isEqualTo(T0);

    EventTimeClock withinAllowance = new EventTimeClock(ALLOWANCE, IDLE, T0 + ALLOWANCE, T0);
    assertThat(withinAllowance.clampAheadOfWallClock(T0)).isFalse();
    assertThat(withinAllowance.streamTime()).isEqualTo(T0 + ALLOWANCE);
    assertThat(fresh().clampAheadOfWallClock(T0)).isFalse();
  }
}
