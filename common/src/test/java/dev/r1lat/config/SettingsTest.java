package dev.r1lat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  static final ConfigKey<Integer> PORT = ConfigKey.port("kafka.port", 19092, "broker port");
  static final ConfigKey<Duration> GRACE = ConfigKey.duration("window.grace", "30s", "grace");
  static final List<ConfigKey<?>> KEYS = List.of(PORT, GRACE);

  @Test
  void shouldUseDefaultsWhenNothingIsSet() {
    Settings s = Settings.defaults(KEYS);
    assertThat(s.get(PORT)).isEqualTo(19092);
    assertThat(s.get(GRACE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldLetFileThenEnvThenFlagsOverride(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("r1lat.properties");
    Files.writeString(file, "kafka.port=1000\nwindow.grace=1m\nkafka.linger.ms=5\n");
    Settings fileOnly = Settings.load(KEYS, file, Map.of(), Map.of());
    assertThat(fileOnly.get(PORT)).isEqualTo(1000);
    assertThat(fileOnly.get(GRACE)).isEqualTo(Duration.ofMinutes(1));
    assertThat(fileOnly.withPrefix("kafka."))
        .containsEntry("linger.ms", "5")
        .doesNotContainKey("port");

    Settings env = Settings.load(KEYS, file, Map.of("R1LAT_KAFKA_PORT", "2000"), Map.of());
    assertThat(env.get(PORT)).isEqualTo(2000);

    Settings flags =
        Settings.load(KEYS, file, Map.of("R1LAT_KAFKA_PORT", "2000"), Map.of("kafka.port", "3000"));
    assertThat(flags.get(PORT)).isEqualTo(3000);
  }

  @Test
  void shouldFailFastOnABadValueNamingTheKey() {
    assertThatThrownBy(
            () -> Settings.load(KEYS, null, Map.of("R1LAT_KAFKA_PORT", "70000"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.port=70000")
        .hasMessageContaining("0..65535");
    assertThatThrownBy(() -> Settings.load(KEYS, null, Map.of(), Map.of("window.grace", "soon")))
        .hasMessageContaining("window.grace");
  }

  @Test
  void shouldParseTheEventRuleLimitsOnceForEveryProcessAndRefuseNonsense() {
    Settings s = Settings.defaults(CommonKeys.EVENT_RULES);
    assertThat(s.get(CommonKeys.MAX_TIMING_MS)).isEqualTo(86_400_000.0);
    assertThat(s.get(CommonKeys.MAX_FUTURE_SKEW)).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.describe()).contains("events.max-timing-ms").contains("events.max-future-skew");
    assertThatThrownBy(
            () ->
                Settings.load(
                    CommonKeys.EVENT_RULES, null, Map.of(), Map.of("events.max-timing-ms", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("events.max-timing-ms=0");
  }

  @Test
  void shouldFailOnAMissingConfigFile(@TempDir Path dir) {
    assertThatThrownBy(() -> Settings.load(KEYS, dir.resolve("nope"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldParseOperatorDurations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
  }
}
