package dev.r1lat.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SinkBenchmarkTest {
  @Test
  void shouldStampEveryEventInThePastHoweverManyRows() {
    for (long rows : new long[] {1, 1_000_000, 3_000_000, 50_000_000}) {
      long lastEvent = SinkBenchmark.firstEventTimeMs(rows) + (rows - 1) * 10L;
      assertThat(lastEvent)
          .as("last of %d events", rows)
          .isLessThan(System.currentTimeMillis() - Duration.ofHours(5).toMillis());
    }
  }
}
