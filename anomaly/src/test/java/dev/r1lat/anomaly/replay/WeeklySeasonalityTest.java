package dev.r1lat.anomaly.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.anomaly.DetectorConfig;
import dev.r1lat.anomaly.DetectorConfig.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A strongly weekly series (taxi-like volume: low at night, lower at weekends) is judged against
 * its hour of the week: a storm (a weekday afternoon to afternoon 40 % down, about a weekend's
 * volume) is an anomaly though every night goes lower; the ordinary weeks around it are not.
 */
class WeeklySeasonalityTest {
  private static final long MONDAY = 1_401_667_200_000L; // 2014-06-02T00:00Z
  private static final long HALF_HOUR = 1_800_000L;
  private static final long DAY = 86_400_000L;
  private static final int WEEKS = 5;
  private static final int HOLIDAY = 3 * 7 + 2; // the Wednesday of the fourth week
  private static final long STORM = MONDAY + HOLIDAY * DAY + 14 * 3_600_000L; // from 14:00

  private static List<SeriesPoint> taxi(long seed, boolean holiday) {
    Random r = new Random(seed);
    List<SeriesPoint> out = new ArrayList<>();
    for (int i = 0; i < WEEKS * 7 * 48; i++) {
      long t = MONDAY + i * HALF_HOUR;
      int day = (int) ((t - MONDAY) / DAY);
      double hour = ((t - MONDAY) % DAY) / 3_600_000.0;
      boolean weekend = day % 7 >= 5;
      boolean storm = holiday && t >= STORM && t < STORM + DAY;
      double week = weekend ? 0.55 : storm ? 0.6 : 1;
      // weekends are busiest late at night, weekdays in the day: the shape of a day is weekly
      double shift = weekend ? 8 : 0;
      double shape = 0.25 + 0.75 * Math.pow(Math.sin(Math.PI * (hour + shift) / 24), 2);
      double v = 20_000 * shape * week * Math.exp(0.08 * r.nextGaussian());
      out.add(new SeriesPoint(t, v, "t" + i));
    }
    return out;
  }

  private static List<SeriesReplay.Detection> replay(List<SeriesPoint> points, boolean weekly) {
    DetectorConfig d = DetectorConfig.defaults();
    return SeriesReplay.run(
        points, d.withBaseline(d.baseline().withWeekly(weekly)), Transform.LOG, false);
  }

  private static boolean onHoliday(SeriesReplay.Detection d) {
    return d.point().timestampMs() >= STORM && d.point().timestampMs() < STORM + DAY;
  }

  @Test
  void shouldOpenOnAHolidayOfAStronglyWeeklySeries() {
    for (long seed = 1; seed <= 3; seed++) {
      List<SeriesReplay.Detection> found = replay(taxi(seed, true), true);

      assertThat(found).filteredOn(WeeklySeasonalityTest::onHoliday).hasSize(1);
      assertThat(found).filteredOn(d -> !onHoliday(d)).hasSizeLessThanOrEqualTo(1);
    }
  }

  @Test
  void shouldOpenNothingAfterTwoWeeksOnOrdinaryWeeks() {
    for (long seed = 1; seed <= 3; seed++) {
      assertThat(replay(taxi(seed, false), true))
          .filteredOn(d -> d.point().timestampMs() >= MONDAY + 14 * DAY)
          .isEmpty();
    }
  }

  @Test
  void shouldChangeNothingOnASeriesThatIsNotWeekly() {
    // bursty volume with a trend: the weekly profile explains little of it, so it is not the judge
    Random r = new Random(4);
    List<SeriesPoint> bursty = new ArrayList<>();
    for (int i = 0; i < WEEKS * 7 * 48; i++) {
      double v = (50 + i * 0.01 + 5 * r.nextGaussian());
      if (r.nextDouble() < 0.05) {
        v *= Math.exp(1.2 + 0.6 * r.nextGaussian());
      }
      bursty.add(new SeriesPoint(MONDAY + i * HALF_HOUR, Math.max(1, v), "t" + i));
    }

    assertThat(replay(bursty, true)).isEqualTo(replay(bursty, false));
  }
}
