package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LateCorrectionSettingsTest {

  @Test
  void shouldDefaultToOneMinuteIntervalAndSevenDayHorizon() {
    LateCorrectionSettings s = StreamsSettings.defaults().lateCorrections();
    assertThat(s.intervalMs()).isEqualTo(Duration.ofMinutes(1).toMillis());
    assertThat(s.horizonMs()).isEqualTo(Duration.ofDays(7).toMillis());
  }

  @Test
  void shouldRefuseAHorizonBeyondTheMaximumEventAge() {
    Settings s =
        Settings.defaults(StreamsSettings.KEYS)
            .with(Map.of("streams.late.horizon", "15d", "events.max-age", "14d"));
    assertThatThrownBy(() -> StreamsSettings.from(s))
        .hasMessageContaining("streams.late.horizon")
        .hasMessageContaining("events.max-age");
  }
}
