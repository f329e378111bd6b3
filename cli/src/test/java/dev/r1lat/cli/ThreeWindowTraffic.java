package dev.r1lat.cli;

import static dev.r1lat.testsupport.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.config.Settings;
import dev.r1lat.ingest.publisher.PublisherConfig;
import dev.r1lat.ingest.publisher.TimingPublisher;
import dev.r1lat.schema.RequestTiming;
import java.time.Duration;

/** The secured-stack ITs' input: three one-minute windows of events, published as one user. */
final class ThreeWindowTraffic {
  private static final long MINUTE = 60_000;

  private ThreeWindowTraffic() {}

  /** Publishes 3 x {@code perWindow} events from {@code t0}, all acknowledged by the broker. */
  static void publish(Settings settings, String idPrefix, long t0, int perWindow) throws Exception {
    try (TimingPublisher publisher =
        TimingPublisher.create(PublisherConfig.fromSettings(settings))) {
      for (int w = 0; w < 3; w++) {
        for (int i = 0; i < perWindow; i++) {
          // each window's events fill its last seconds: once input stops, stream time moves on
          // with the wall clock (idle advance), so the last window closes a grace period later
          long at = t0 + (w + 1) * MINUTE - (perWindow - i) * 100L;
          assertThat(publisher.record(timing(idPrefix, w * perWindow + i, at))).isTrue();
        }
      }
      publisher.flush(Duration.ofSeconds(60));
      assertThat(publisher.lastError()).isNull();
      assertThat(publisher.metrics().sent()).isEqualTo(3L * perWindow);
    }
  }

  private static RequestTiming timing(String idPrefix, int i, long eventTimeMs) {
    return request()
        .id(idPrefix + i)
        .at(eventTimeMs)
        .region(i % 2 == 0 ? "eu-west" : "us-east")
        .ttftMs(300.0 + i % 50)
        .e2eMs(8_000.0 + i)
        .build();
  }
}
