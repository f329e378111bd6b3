package dev.r1lat.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  @Test
  void shouldServeMetricsOnLoopbackUnlessTheBindAddressIsSet() {
    assertThat(StreamsSettings.defaults().metricsBind()).isEqualTo("127.0.0.1");
    StreamsSettings inPod =
        StreamsSettings.from(
            Settings.load(
                StreamsSettings.KEYS,
                null,
                Map.of(
                    "R1LAT_STREAMS_METRICS_BIND", "0.0.0.0", "R1LAT_STREAMS_METRICS_PORT", "9464"),
                Map.of()));
    assertThat(inPod.metricsBind()).isEqualTo("0.0.0.0");
    assertThat(inPod.metricsPort()).isEqualTo(9464);
  }
}
