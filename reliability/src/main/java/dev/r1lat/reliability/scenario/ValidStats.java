package dev.r1lat.reliability.scenario;

import dev.r1lat.reliability.Checks;
import dev.r1lat.reliability.Traffic;
import dev.r1lat.schema.LatencyWindowStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The final stats of valid traffic, checked against its ground truth group by group: the e2e count
 * and error count of every finest group and of the all-groups roll-up, and the exact e2e maximum of
 * the successful requests (the window's latency describes those), per window. A bad record that
 * leaked into a window would change one of them.
 */
final class ValidStats {
  private ValidStats() {}

  private record Truth(long count, long errors, double max) {
    Truth plus(long c, long e, double m) {
      return new Truth(count + c, errors + e, Math.max(max, m));
    }
  }

  static void check(Checks c, Traffic traffic, List<LatencyWindowStats> stats) {
    Map<String, Truth> expected = truth(traffic);
    Map<String, LatencyWindowStats> actual = new HashMap<>();
    for (LatencyWindowStats s : stats) {
      if (s.getComponent().equals("e2e") && s.getDimensions().isEmpty()) {
        actual.put(s.getWindowStartMs() + " " + s.getRegion() + "|" + s.getTier(), s);
      }
    }
    expected.forEach(
        (key, t) -> {
          LatencyWindowStats s = actual.get(key);
          if (s == null) {
            c.holds("no final e2e stats for window/group " + key, false);
            return;
          }
          c.equal("e2e count of " + key, s.getCount(), t.count());
          c.equal("e2e errors of " + key, s.getErrorCount(), t.errors());
          c.holds(
              "e2e max of " + key + " is " + s.getMax() + ", expected " + t.max(),
              s.getMax() == t.max());
        });
  }

  private static Map<String, Truth> truth(Traffic traffic) {
    Map<String, Truth> m = new HashMap<>();
    Truth zero = new Truth(0, 0, 0);
    for (int seq = 0; seq < traffic.total(); seq++) {
      var t = traffic.event(seq);
      long window = traffic.windowStart(seq / traffic.perWindow());
      long error = t.getStatus() == dev.r1lat.schema.RequestStatus.OK ? 0 : 1;
      String[] g = Traffic.group(seq).split("\\|");
      for (String level : List.of(g[0] + "|" + g[1], g[0] + "|*", "*|" + g[1], "*|*")) {
        m.merge(
            window + " " + level,
            zero.plus(1, error, error == 0 ? t.getE2eMs() : 0),
            (a, b) -> a.plus(b.count(), b.errors(), b.max()));
      }
    }
    return m;
  }
}
