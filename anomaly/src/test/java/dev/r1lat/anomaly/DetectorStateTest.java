package dev.r1lat.anomaly;

import static dev.r1lat.anomaly.Feed.EU_H100_E2E;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.AnomalyState;
import dev.r1lat.schema.LatencyAnomaly;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
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

  /** Every hour and day slot of the excursion ranges filled (15 days of 1-minute windows). */
  @Test
  void shouldStayUnder8KbWithTwoWeeksOfExcursions() {
    SyntheticSeries series = SyntheticSeries.healthy(12).withDailySwing(0.3);
    Feed feed =
        Feed.of(EU_H100_E2E)
            .minutes(15 * SyntheticSeries.DAY / SyntheticSeries.MINUTE, series::healthyWindow);

    assertThat(feed.state.toBytes().length).isLessThan(8 * 1024);
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

  /**
   * A state written by the previous build (format v2, no reached ranges: 404 windows of e2e, an
   * anomaly open) still restores and carries on: its open anomaly resolves when the series heals.
   */
  @Test
  void shouldStillReadStateOfThePreviousFormatVersion() throws IOException {
    byte[] v2;
    try (InputStream in = getClass().getResourceAsStream("/detector-state-v2.b64")) {
      v2 = Base64.getMimeDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
    assertThat(v2[0]).isEqualTo((byte) 2);

    Feed feed = Feed.of(EU_H100_E2E);
    feed.state = DetectorState.fromBytes(v2);
    feed.nextStartMs = SyntheticSeries.T0 + 404 * SyntheticSeries.MINUTE;
    assertThat(feed.state.windowsSeen()).isEqualTo(404);
    assertThat(feed.state.hasOpenAnomaly()).isTrue();
    feed.minutes(20, SyntheticSeries.healthy(6)::healthyWindow);

    assertThat(feed.events).extracting(LatencyAnomaly::getState).contains(AnomalyState.RESOLVED);
    assertThat(feed.state.hasOpenAnomaly()).isFalse();
    assertThat(feed.state.toBytes()[0]).isEqualTo((byte) DetectorState.FORMAT_VERSION);
  }

  /**
   * A state written by the build before the weekly profile (format v3: 404 windows of e2e, an
   * anomaly open) restores and carries on, with the weekly profile kept or not.
   */
  @Test
  void shouldStillReadStateOfFormatV3WithAndWithoutAWeeklyProfile() throws IOException {
    byte[] v3;
    try (InputStream in = getClass().getResourceAsStream("/detector-state-v3.b64")) {
      v3 = Base64.getMimeDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
    assertThat(v3[0]).isEqualTo((byte) 3);
    DetectorConfig defaults = DetectorConfig.defaults();
    for (DetectorConfig cfg :
        List.of(defaults, defaults.withBaseline(defaults.baseline().withWeekly(true)))) {
      Feed feed = new Feed(new AnomalyEngine(cfg), EU_H100_E2E);
      feed.state = DetectorState.fromBytes(v3);
      feed.nextStartMs = SyntheticSeries.T0 + 404 * SyntheticSeries.MINUTE;
      assertThat(feed.state.hasOpenAnomaly()).isTrue();
      feed.minutes(20, SyntheticSeries.healthy(6)::healthyWindow);

      assertThat(feed.events).extracting(LatencyAnomaly::getState).contains(AnomalyState.RESOLVED);
      byte[] v4 = feed.state.toBytes();
      assertThat(v4[0]).isEqualTo((byte) 4);
      assertThat(DetectorState.fromBytes(v4).toBytes()).isEqualTo(v4);
    }
  }
}
