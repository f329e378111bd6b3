package dev.r1lat.anomaly.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.DetectorConfig.Transform;
import dev.r1lat.schema.AnomalyKind;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesReplayTest {
  private static final long T0 = 1_400_000_000_000L;
  private static final long FIVE_MIN = 300_000;

  private static List<SeriesPoint> noisyLevel(int n, long seed) {
    Random r = new Random(seed);
    List<SeriesPoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new SeriesPoint(T0 + i * FIVE_MIN, 50 + 2 * r.nextGaussian(), "t" + i));
    }
    return out;
  }

  @Test
  void shouldFlagTheOnsetOfALevelShiftOnceInEitherDirection() {
    List<SeriesPoint> up = new ArrayList<>(noisyLevel(1000, 1));
    List<SeriesPoint> down = new ArrayList<>(noisyLevel(1000, 1));
    for (int i = 600; i < 700; i++) {
      up.set(i, new SeriesPoint(up.get(i).timestampMs(), up.get(i).value() + 40, "u" + i));
      down.set(i, new SeriesPoint(down.get(i).timestampMs(), down.get(i).value() - 40, "d" + i));
    }
    for (List<SeriesPoint> s : List.of(up, down)) {
      List<SeriesReplay.Detection> found =
          SeriesReplay.run(s, DetectorConfig.defaults(), Transform.LINEAR, false);

      assertThat(found).extracting(SeriesReplay.Detection::index).contains(600);
      assertThat(found.stream().filter(d -> d.index() >= 600 && d.index() < 700)).hasSize(1);
      assertThat(found)
          .extracting(SeriesReplay.Detection::kind)
          .containsOnly(AnomalyKind.BASELINE_REGRESSION);
    }
  }

  /** Low at night, a step up at 09:00 and down at 21:00 every day; day {@code spikeDay} doubles. */
  private static List<SeriesPoint> dailyStep(int days, int spikeDay, long seed) {
    Random r = new Random(seed);
    List<SeriesPoint> out = new ArrayList<>();
    int perDay = 288;
    for (int i = 0; i < days * perDay; i++) {
      int minuteOfDay = (i % perDay) * 5;
      boolean day = minuteOfDay >= 9 * 60 && minuteOfDay < 21 * 60;
      double level = day ? 70 : 20;
      if (i / perDay == spikeDay && minuteOfDay >= 12 * 60 && minuteOfDay < 14 * 60) {
        level *= 2;
      }
      out.add(new SeriesPoint(T0 + i * FIVE_MIN, level + 2 * r.nextGaussian(), "t" + i));
    }
    return out;
  }

  @Test
  void shouldLearnASharpDailyStepAsNormalAndStillSeeAnAnomalyInIt() {
    // The recent history calls each morning's step anomalous; the daily profile must still learn
    // it (it once kept such points out, never became ready for that hour, and alerted every day).
    List<SeriesReplay.Detection> found =
        SeriesReplay.run(dailyStep(8, 6, 3), DetectorConfig.defaults(), Transform.LINEAR, false);

    int dayTwoEnds = 3 * 288;
    assertThat(found.stream().filter(d -> d.index() >= dayTwoEnds))
        .extracting(d -> d.index() / 288)
        .containsExactly(6);
  }

  @Test
  void shouldFlagNothingOnAFaultFreeNoisySeries() {
    List<SeriesReplay.Detection> found =
        SeriesReplay.run(noisyLevel(5000, 2), DetectorConfig.defaults(), Transform.LINEAR, false);

    assertThat(found).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void shouldReadNabStyleCsvKeepRepeatedTimesAndReportBadRows() throws IOException {
    String csv =
        "timestamp,value\n"
            + "2014-03-09 02:55:00,1.5\n"
            + "2014-03-09 03:00:00,2\n"
            + "2014-03-09 03:00:00,2.5\n"
            + "2014-03-09 03:05:00,oops\n"
            + "2014-03-09 03:10:00.000000,3\n";

    CsvSeries.Parsed parsed = CsvSeries.read(new StringReader(csv), "timestamp", "value");

    assertThat(parsed.points()).extracting(SeriesPoint::value).containsExactly(1.5, 2.0, 2.5, 3.0);
    assertThat(parsed.problems()).hasSize(2);
    assertThat(parsed.problems().get(0)).startsWith("line 4 kept");
    assertThat(parsed.problems().get(1)).startsWith("line 5 skipped");
    assertThat(CsvSeries.spacingMs(parsed.points())).isEqualTo(FIVE_MIN);
    assertThat(parsed.problemSummary(1))
        .containsExactly(
            parsed.problems().get(0), "... and 1 more (1 skipped, 0 kept out of order)");
    assertThat(parsed.problemSummary(2)).isEqualTo(parsed.problems());
  }

  @Test
  void shouldReadEpochSecondsAndIsoTimestamps() {
    assertThat(CsvSeries.parseTimestamp("1400000000")).isEqualTo(T0);
    assertThat(CsvSeries.parseTimestamp("1400000000000")).isEqualTo(T0);
    assertThat(CsvSeries.parseTimestamp("2014-05-13T16:53:20Z")).isEqualTo(T0);
  }
}
