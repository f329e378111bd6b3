package dev.r1lat.anomaly.alert;

import static dev.r1lat.anomaly.alert.AnomalyEvents.event;
import static dev.r1lat.schema.AnomalyState.OPEN;
import static dev.r1lat.schema.AnomalyState.RESOLVED;
import static dev.r1lat.schema.AnomalyState.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.r1lat.schema.LatencyAnomaly;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {
  private final IncidentTracker tracker = new IncidentTracker();

  private String incident(LatencyAnomaly e) {
    return tracker.apply(e).incident();
  }

  @Test
  void shouldGiveTheFourGroupLevelsOfOneFaultOneIncidentWhateverTheOrder() {
    // (region,*) and (*,tier) first: they are no ancestor of each other but share us-east/H100
    String a = incident(event("region", OPEN, "us-east", "*", 10));
    String b = incident(event("tier", OPEN, "*", "H100", 10));
    String c = incident(event("group", OPEN, "us-east", "H100", 11));
    String d = incident(event("fleet", OPEN, "*", "*", 12));

    assertThat(List.of(b, c, d)).containsOnly(a);
    assertThat(a).startsWith("ttft.p99-");
  }

  @Test
  void shouldKeepFaultsApartThatShareNoTrafficOrNoSeries() {
    String a = incident(event("a", OPEN, "us-east", "H100", 10));
    String otherGroup = incident(event("b", OPEN, "eu-west", "A100", 11));
    String otherRegionSameTier = incident(event("c", OPEN, "eu-west", "H100", 12));
    String otherComponent = incident(event("d", OPEN, "us-east", "H100", "decode", "p99", 10));
    String otherMetric = incident(event("e", OPEN, "us-east", "H100", "ttft", "p50", 10));

    assertThat(List.of(a, otherGroup, otherRegionSameTier, otherComponent, otherMetric))
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldNameAnIncidentAfterItsComponentMetricAndFirstOpeningMinute() {
    assertThat(incident(event("a", OPEN, "us-east", "H100", 10)))
        .isEqualTo("ttft.p99-2026-01-01T00:10Z");
    // no shared traffic, but the same series name and minute: one name, notified together
    assertThat(incident(event("b", OPEN, "eu-west", "A100", 10)))
        .isEqualTo("ttft.p99-2026-01-01T00:10Z");
  }

  @Test
  void shouldKeepTheIncidentForTheWholeLifecycleAndStartANewOneAfterItEnded() {
    String first = incident(event("a", OPEN, "us-east", "H100", 10));
    assertThat(incident(event("a", UPDATE, "us-east", "H100", 15))).isEqualTo(first);
    assertThat(incident(event("b", OPEN, "us-east", "*", 16))).isEqualTo(first);
    assertThat(incident(event("a", RESOLVED, "us-east", "H100", 20))).isEqualTo(first);
    // b is still open: the incident lasts while any of its anomalies is open
    assertThat(incident(event("c", OPEN, "*", "*", 21))).isEqualTo(first);
    incident(event("b", RESOLVED, "us-east", "*", 30));
    incident(event("c", RESOLVED, "*", "*", 30));
    assertThat(tracker.openCount()).isZero();

    String later = incident(event("d", OPEN, "us-east", "H100", 90));
    assertThat(later).isNotEqualTo(first);
  }

  @Test
  void shouldMergeTwoIncidentsALaterMemberLinksUnderTheNameOfTheFirstOpened() {
    String west = incident(event("west", OPEN, "eu-west", "H100", 10));
    String east = incident(event("east", OPEN, "us-east", "A100", 12));
    assertThat(west).isNotEqualTo(east);

    IncidentTracker.Applied fleet = tracker.apply(event("fleet", OPEN, "*", "*", 13));

    assertThat(fleet.incident()).isEqualTo(west);
    assertThat(fleet.renamed())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.previousIncident()).isEqualTo(east);
              assertThat(r.now().incident()).isEqualTo(west);
              assertThat(r.now().latest().getRegion()).isEqualTo("us-east");
            });
    assertThat(tracker.open()).extracting(IncidentTracker.Open::incident).containsOnly(west);
  }

  @Test
  void shouldRenameWhatWasReadBeforeAnEarlierOpenedMemberOfItsIncident() {
    String provisional = incident(event("fleet", OPEN, "*", "*", 12));
    IncidentTracker.Applied group = tracker.apply(event("group", OPEN, "us-east", "H100", 10));

    assertThat(group.incident()).isNotEqualTo(provisional).startsWith("ttft.p99-");
    assertThat(group.renamed())
        .extracting(IncidentTracker.Renamed::previousIncident)
        .containsExactly(provisional);
    assertThat(tracker.incidentOf(group.event().getAnomalyId())).contains(group.incident());
  }

  @Test
  void shouldNotLinkRelatedAnomaliesThatOpenedFartherApartThanTheLinkWindow() {
    int apart = (int) (IncidentTracker.LINK_WINDOW_MS / AnomalyEvents.MINUTE) + 1;
    String first = incident(event("a", OPEN, "us-east", "H100", 10));

    assertThat(incident(event("b", OPEN, "us-east", "*", 10 + apart))).isNotEqualTo(first);
  }

  @Test
  void shouldJoinALevelReadAfterAnotherLevelsWholeLifecycleWhenTheyOverlappedInTime() {
    // a backlog read partition after partition: us-east/H100 opened at 10 and ended at 21
    String first = incident(event("group", OPEN, "us-east", "H100", 10));
    incident(event("group", RESOLVED, "us-east", "H100", 20));

    assertThat(incident(event("region", OPEN, "us-east", "*", 11))).isEqualTo(first);
    incident(event("region", RESOLVED, "us-east", "*", 22));
    assertThat(incident(event("later", OPEN, "us-east", "H100", 90))).isNotEqualTo(first);
  }

  @Test
  void shouldForgetEndedAnomaliesAfterTheirRetention() {
    String first = incident(event("a", OPEN, "us-east", "H100", 10));
    incident(event("a", RESOLVED, "us-east", "H100", 20));
    int sixHoursLater = 21 + (int) (IncidentTracker.ENDED_RETENTION_MS / AnomalyEvents.MINUTE) + 1;
    incident(event("elsewhere", OPEN, "eu-west", "A100", sixHoursLater));
    incident(event("elsewhere", RESOLVED, "eu-west", "A100", sixHoursLater));

    // a very late opening no longer finds the ended anomaly: it is its own incident
    assertThat(incident(event("late", OPEN, "us-east", "*", 11))).isNotEqualTo(first);
  }

  @Test
  void shouldTakeAnUpdateOfAnUnseenAnomalyAsAnOpening() {
    IncidentTracker.Applied applied = tracker.apply(event("a", UPDATE, "us-east", "H100", 40));

    assertThat(applied.previous()).isNull();
    assertThat(applied.openedAtMs()).isEqualTo(AnomalyEvents.T0 + 40 * AnomalyEvents.MINUTE);
    assertThat(tracker.openCount()).isEqualTo(1);
  }

  @Test
  void shouldBeDeterministic() {
    List<LatencyAnomaly> events =
        List.of(
            event("a", OPEN, "us-east", "*", 1),
            event("b", OPEN, "eu-west", "A100", 1),
            event("c", OPEN, "*", "A100", 2),
            event("a", RESOLVED, "us-east", "*", 5),
            event("d", OPEN, "us-east", "H100", 6));

    assertThat(incidents(events)).isEqualTo(incidents(events));
  }

  private static List<String> incidents(List<LatencyAnomaly> events) {
    IncidentTracker t = new IncidentTracker();
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(t.apply(e).incident()));
    return out;
  }
}
