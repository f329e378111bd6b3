package dev.r1lat.anomaly;

import static dev.r1lat.anomaly.Feed.EU_H100_E2E;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DetectorStateTest {

  private Feed warmFeedWithAnOpenAnomaly() {
    SyntheticSeries series = SyntheticSeries.healthy(5).withSlo(2000, 0.01);
    return Feed.of(EU_H100_E2E)
        .minutes(400, series::healthyWindow)
        .minutes(4, t -> series.window(t, 3, 1, 0.2));
  }

  @Test
  void shouldWriteTheSameBytesAfterARoundTrip() {
    byte[] bytes = warmFeedWithAnOpenAnomaly().state.toBytes();

    byte[] again = DetectorState.fromBytes(bytes).toBytes();

    assertThat(again).isEqualTo(bytes);
    assertThat(bytes.length).isLessThan(8 * 1024);
  }

  @Test
  void shouldGiveIdenticalEventsWhenRestoredMidSeries() {
    SyntheticSeries a = SyntheticSeries.healthy(9);
    SyntheticSeries b = SyntheticSeries.healthy(9);
    Feed straight = Feed.of(EU_H100_E2E).minutes(300, a::healthyWindow);
    Feed restored = Feed.of(EU_H100_E2E).minutes(300, b::healthyWindow);
    restored.state = DetectorState.fromBytes(restored.state.toBytes());
    restored.events.clear();
    straight.events.clear();

    for (Feed f : new Feed[] {straight, restored}) {
      SyntheticSeries s = f == straight ? a : b;
      f.minutes(20, t -> s.window(t, 3, 0.1, 0.3)).silentMinutes(5).minutes(30, s::healthyWindow);
    }

    assertThat(straight.events).isNotEmpty();
    assertThat(restored.events).isEqualTo(straight.events);
    assertThat(restored.state.toBytes()).isEqualTo(straight.state.toBytes());
  }

  @Test
  void shouldRefuseAnotherFormatVersion() {
    byte[] bytes = DetectorState.empty().toBytes();
    bytes[0] = 9;

    assertThatThrownBy(() -> DetectorState.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format v9");
  }

  @Test
  void shouldRefuseTruncatedBytesWithAClearMessage() {
    byte[] bytes = warmFeedWithAnOpenAnomaly().state.toBytes();

    assertThatThrownBy(() -> DetectorState.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detector state");
  }

  @Test
  void shouldReportAnOpenAnomaly() {
    assertThat(warmFeedWithAnOpenAnomaly().state.hasOpenAnomaly()).isTrue();
    assertThat(DetectorState.empty().hasOpenAnomaly()).isFalse();
  }
}
