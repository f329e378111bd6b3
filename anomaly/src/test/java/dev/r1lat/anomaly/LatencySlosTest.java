package dev.r1lat.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.config.ConfigException;
import dev.r1lat.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencySlosTest {
  private static LatencySlos load(Map<String, String> flags) {
    return LatencySlos.from(Settings.load(DetectorConfig.KEYS, null, Map.of(), flags));
  }

  @Test
  void shouldHoldEachTierToItsOwnThresholdAndOtherTiersToTheStarClass() {
    LatencySlos slos = LatencySlos.defaults();
    assertThat(slos.thresholdMs("H100", "ttft")).isEqualTo(3_000);
    assertThat(slos.thresholdMs("A100", "ttft")).isEqualTo(4_000);
    assertThat(slos.thresholdMs("GPU-9000", "ttft")).isEqualTo(5_000);
    assertThat(slos.thresholdMs("H200", "tpot")).isEqualTo(50);
    assertThat(slos.thresholdMs("H100", "ttfo")).isNaN(); // not configured by default
    assertThat(slos.thresholdMs("H100", "e2e")).isNaN();
    assertThat(slos.components()).containsExactly("ttft", "tpot");
    assertThat(slos.percentile()).isEqualTo("p99");
  }

  @Test
  void shouldReadOneKeyPerComponentAndTheTarget() {
    LatencySlos slos =
        load(Map.of("slo.ttft", "H100=1500", "slo.ttfo", "*=30000", "slo.target", "0.95"));
    assertThat(slos.thresholdMs("H100", "ttft")).isEqualTo(1_500);
    assertThat(slos.thresholdMs("A100", "ttft")).isNaN(); // no * class given
    assertThat(slos.thresholdMs("A100", "ttfo")).isEqualTo(30_000);
    assertThat(slos.percentile()).isEqualTo("p95");
    assertThat(slos.target()).isEqualTo(0.95);
  }

  @Test
  void shouldRefuseAMalformedThresholdNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of("slo.tpot", "H100=fast")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("slo.tpot")
        .hasMessageContaining("H100=fast");
    assertThatThrownBy(() -> load(Map.of("slo.ttft", "H100=-1")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> load(Map.of("slo.target", "0.97")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("slo.target");
  }

  @Test
  void shouldFailFastOnTheSettingsOfTheTwoEarlierSloDefinitions() {
    for (String retired :
        new String[] {
          "streams.slo.H100.ttft", "anomaly.slo.thresholds", "anomaly.burn.slo-target"
        }) {
      assertThatThrownBy(() -> load(Map.of(retired, "1500")))
          .as(retired)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(retired)
          .hasMessageContaining("slo.ttft");
    }
  }

  @Test
  void shouldTakeTheBurnRateBudgetFromTheSloTarget() {
    DetectorConfig cfg =
        DetectorConfig.from(
            Settings.load(DetectorConfig.KEYS, null, Map.of(), Map.of("slo.target", "0.999")));
    assertThat(cfg.burn().sloTarget()).isEqualTo(0.999);
    assertThat(cfg.slo().percentile()).isEqualTo("p999");
  }
}
