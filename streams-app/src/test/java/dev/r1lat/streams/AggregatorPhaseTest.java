package dev.r1lat.streams;

import static dev.r1lat.streams.AggregatorPhase.AWAITING_BACKLOG;
import static dev.r1lat.streams.AggregatorPhase.AWAITING_RECORD;
import static dev.r1lat.streams.AggregatorPhase.BACKLOG_REBUILT;
import static dev.r1lat.streams.AggregatorPhase.LIVE;
import static dev.r1lat.streams.AggregatorPhase.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The aggregator's start-up phases, one transition at a time. */
class AggregatorPhaseTest {
  private static final long IDLE = 30_000;

  @Test
  void shouldLookUpOnTheFirstTickAfterAStartOnly() {
    assertThat(STARTED.looksUpOnTick()).isTrue();
    for (AggregatorPhase p : EnumSet.complementOf(EnumSet.of(STARTED))) {
      assertThat(p.looksUpOnTick()).as(p.name()).isFalse();
    }
  }

  @Test
  void shouldRebuildOnTheFirstRecordUntilTheWindowsAreRebuilt() {
    assertThat(EnumSet.allOf(AggregatorPhase.class))
        .filteredOn(AggregatorPhase::rebuildsOnRecord)
        .containsExactlyInAnyOrder(STARTED, AWAITING_RECORD, AWAITING_BACKLOG);
  }

  @Test
  void shouldAwaitTheFirstRecordWhenTheLookUpCouldNotRebuild() {
    assertThat(STARTED.onLookedUp(false, false)).isEqualTo(AWAITING_RECORD);
  }

  @Test
  void shouldAwaitTheBacklogWhenTheLookUpFoundOneAndCouldNotRebuild() {
    assertThat(STARTED.onLookedUp(true, false)).isEqualTo(AWAITING_BACKLOG);
  }

  @Test
  void shouldGoLiveWhenTheLookUpRebuiltAndFoundNoBacklog() {
    assertThat(STARTED.onLookedUp(false, true)).isEqualTo(LIVE);
  }

  @Test
  void shouldKeepWaitingOnABacklogAfterTheLookUpRebuilt() {
    assertThat(STARTED.onLookedUp(true, true)).isEqualTo(BACKLOG_REBUILT);
  }

  @Test
  void shouldGoLiveWhenTheFirstRecordRebuildsWithoutBacklog() {
    assertThat(STARTED.onRebuiltAtRecord()).isEqualTo(LIVE);
    assertThat(AWAITING_RECORD.onRebuiltAtRecord()).isEqualTo(LIVE);
  }

  @Test
  void shouldKeepWaitingOnABacklogWhenTheFirstRecordRebuilds() {
    assertThat(AWAITING_BACKLOG.onRebuiltAtRecord()).isEqualTo(BACKLOG_REBUILT);
  }

  @Test
  void shouldGoLiveOnAnAdmittedEvent() {
    assertThat(BACKLOG_REBUILT.onAdmitted()).isEqualTo(LIVE);
    assertThat(LIVE.onAdmitted()).isEqualTo(LIVE);
  }

  @Test
  void shouldRefuseTransitionsThatCannotHappen() {
    assertThatThrownBy(() -> AWAITING_RECORD.onLookedUp(false, false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> LIVE.onLookedUp(false, true))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(LIVE::onRebuiltAtRecord).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(BACKLOG_REBUILT::onRebuiltAtRecord)
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(STARTED::onAdmitted).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(AWAITING_BACKLOG::onAdmitted).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldCountSilenceAsIdlenessAfterOneIdlePeriodWithoutBacklog() {
    for (AggregatorPhase p : EnumSet.of(STARTED, AWAITING_RECORD, LIVE)) {
      assertThat(p.idleAfter(IDLE - 1, IDLE)).as(p.name()).isFalse();
      assertThat(p.idleAfter(IDLE, IDLE)).as(p.name()).isTrue();
    }
  }

  @Test
  void shouldWaitLongerOnABacklogBeforeSilenceCountsAsIdleness() {
    long wait = AggregatorPhase.BACKLOG_WAIT_IDLE_PERIODS * IDLE;
    for (AggregatorPhase p : EnumSet.of(AWAITING_BACKLOG, BACKLOG_REBUILT)) {
      assertThat(p.idleAfter(IDLE, IDLE)).as(p.name()).isFalse();
      assertThat(p.idleAfter(wait - 1, IDLE)).as(p.name()).isFalse();
      assertThat(p.idleAfter(wait, IDLE)).as(p.name()).isTrue();
    }
  }
}
