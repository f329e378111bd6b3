package dev.r1lat.anomaly.alert;

import static dev.r1lat.anomaly.alert.AnomalyEvents.event;
import static dev.r1lat.schema.AnomalyState.OPEN;
import static dev.r1lat.schema.AnomalyState.RESOLVED;
import static dev.r1lat.schema.AnomalyState.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The incident label does not depend on the order in which the group levels' events are read: the
 * four levels of one fault, read in every order (alone and interleaved with unrelated faults), end
 * as one incident with one name, and what Alertmanager is told (each event's label, then the
 * renames) leaves every open alert of the fault under that one name.
 */
class IncidentOrderTest {
  /** One fault at four levels; each level's lifecycle: OPEN, UPDATE, RESOLVED (in its order). */
  private static final List<List<LatencyAnomaly>> FAULT =
      List.of(
          lifecycle("group", "us-east", "H100", "ttft", 10, 14),
          lifecycle("region", "us-east", "*", "ttft", 11, 13),
          lifecycle("tier", "*", "H100", "ttft", 12, 16),
          lifecycle("fleet", "*", "*", "ttft", 13, 15));

  /** Unrelated: another component at the same time, and the same series hours later. */
  private static final List<List<LatencyAnomaly>> UNRELATED =
      List.of(
          lifecycle("decode", "us-east", "H100", "decode", 10, 12),
          lifecycle("later", "us-east", "H100", "ttft", 200, 205));

  @Test
  void shouldGiveTheFourLevelsOneIncidentInEveryOrderOfTheirOpenings() {
    Set<String> names = new HashSet<>();
    for (List<Integer> order : permutations(4)) {
      IncidentTracker tracker = new IncidentTracker();
      Map<String, String> shown = new HashMap<>();
      for (int i : order) {
        show(tracker.apply(FAULT.get(i).get(0)), shown);
      }
      Set<String> finals = finalIncidents(tracker, FAULT);
      assertThat(finals).as("order %s", order).hasSize(1);
      assertThat(Set.copyOf(shown.values())).as("labels shown, order %s", order).isEqualTo(finals);
      names.addAll(finals);
    }
    assertThat(names).as("the same name in every order").hasSize(1);
  }

  @Test
  void shouldKeepOneIncidentPerFaultInEveryOrderOfWholeLifecyclesAndUnrelatedFaults() {
    List<List<LatencyAnomaly>> all = new ArrayList<>(FAULT);
    all.addAll(UNRELATED);
    Set<String> faultNames = new HashSet<>();
    Set<String> unrelatedNames = new HashSet<>();
    for (List<Integer> order : permutations(all.size())) {
      IncidentTracker tracker = new IncidentTracker();
      for (int i : order) {
        all.get(i).forEach(tracker::apply); // a backlog read partition after partition
      }
      Set<String> fault = finalIncidents(tracker, FAULT);
      Set<String> unrelated = finalIncidents(tracker, UNRELATED);
      assertThat(fault).as("order %s", order).hasSize(1);
      assertThat(unrelated).as("order %s", order).hasSize(2).doesNotContainAnyElementsOf(fault);
      faultNames.addAll(fault);
      unrelatedNames.addAll(unrelated);
    }
    assertThat(faultNames).hasSize(1);
    assertThat(unrelatedNames).hasSize(2);
  }

  @Test
  void shouldGiveEveryInterleavingOfTheOpeningsWithAnUnrelatedFaultTheSameIncidents() {
    List<LatencyAnomaly> openings = new ArrayList<>();
    FAULT.forEach(l -> openings.add(l.get(0)));
    UNRELATED.forEach(l -> openings.add(l.get(0)));
    Set<List<String>> outcomes = new HashSet<>();
    for (List<Integer> order : permutations(openings.size())) {
      IncidentTracker tracker = new IncidentTracker();
      Map<String, String> shown = new HashMap<>();
      order.forEach(i -> show(tracker.apply(openings.get(i)), shown));
      List<String> finals =
          openings.stream().map(a -> tracker.incidentOf(a.getAnomalyId()).orElseThrow()).toList();
      assertThat(shown.values()).containsExactlyInAnyOrderElementsOf(finals);
      outcomes.add(finals);
    }
    assertThat(outcomes).singleElement().satisfies(f -> assertThat(Set.copyOf(f)).hasSize(3));
  }

  @Test
  void shouldNeverRenameLevelsThatOpenedInTheSameWindowWhateverTheOrder() {
    List<LatencyAnomaly> sameWindow =
        List.of(
            event("group", OPEN, "us-east", "H100", 10),
            event("region", OPEN, "us-east", "*", 10),
            event("tier", OPEN, "*", "H100", 10),
            event("fleet", OPEN, "*", "*", 10));
    for (List<Integer> order : permutations(4)) {
      IncidentTracker tracker = new IncidentTracker();
      for (int i : order) {
        IncidentTracker.Applied applied = tracker.apply(sameWindow.get(i));
        assertThat(applied.renamed()).as("order %s", order).isEmpty();
        assertThat(applied.incident()).isEqualTo("ttft.p99-2026-01-01T00:10Z");
      }
    }
  }

  /** What Alertmanager shows per anomaly after this event: its label, and renamed ones. */
  private static void show(IncidentTracker.Applied applied, Map<String, String> shown) {
    shown.put(applied.event().getAnomalyId(), applied.incident());
    applied.renamed().forEach(r -> shown.put(r.now().latest().getAnomalyId(), r.now().incident()));
  }

  private static Set<String> finalIncidents(
      IncidentTracker tracker, List<List<LatencyAnomaly>> anomalies) {
    Set<String> out = new HashSet<>();
    for (List<LatencyAnomaly> l : anomalies) {
      out.add(tracker.incidentOf(l.get(0).getAnomalyId()).orElseThrow());
    }
    return out;
  }

  private static List<LatencyAnomaly> lifecycle(
      String name, String region, String tier, String component, int open, int resolve) {
    return List.of(
        event(name, OPEN, region, tier, component, "p99", open),
        event(name, UPDATE, region, tier, component, "p99", open + 1),
        event(name, RESOLVED, region, tier, component, "p99", resolve));
  }

  private static List<List<Integer>> permutations(int n) {
    List<List<Integer>> out = new ArrayList<>();
    permute(new ArrayList<>(), n, out);
    return out;
  }

  private static void permute(List<Integer> prefix, int n, List<List<Integer>> out) {
    if (prefix.size() == n) {
      out.add(List.copyOf(prefix));
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!prefix.contains(i)) {
        prefix.add(i);
        permute(prefix, n, out);
        prefix.remove(prefix.size() - 1);
      }
    }
  }
}
