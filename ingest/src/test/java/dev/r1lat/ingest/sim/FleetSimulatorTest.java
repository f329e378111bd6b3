package dev.r1lat.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.r1lat.schema.RequestStatus;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.schema.TimingRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
  /** Two hours at 20 events/s from 06:00 UTC: ~144k events, big enough for statistics. */
  static final SimulatorConfig BASE =
      SimulatorConfig.builder()
          .seed(7)
          .rate(20)
          .start(Instant.parse("2026-03-02T06:00:00Z"))
          .duration(Duration.ofHours(2))
          .build();

  private static List<Emission> BASE_RUN;

  static synchronized List<Emission> baseRun() {
    if (BASE_RUN == null) {
      BASE_RUN = all(BASE);
    }
    return BASE_RUN;
  }

  static List<Emission> all(SimulatorConfig c) {
    List<Emission> out = new ArrayList<>();
    FleetSimulator.emissions(c).forEachRemaining(out::add);
    return out;
  }

  static List<RequestTiming> timings(List<Emission> es) {
    return es.stream().map(Emission::timing).toList();
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  static double quantile(List<Double> values, double q) {
    List<Double> s = new ArrayList<>(values);
    Collections.sort(s);
    return s.get((int) Math.min(s.size() - 1, Math.floor(q * s.size())));
  }

  static List<Double> values(
      List<RequestTiming> ts, Predicate<RequestTiming> filter, ToDoubleFunction<RequestTiming> f) {
    return ts.stream().filter(filter).map(t -> f.applyAsDouble(t)).toList();
  }

  static long arrivalMs(RequestTiming t) {
    return t.getEventTimeMs() - (long) Math.floor(t.getE2eMs());
  }

  static boolean ok(RequestTiming t) {
    return t.getStatus() == RequestStatus.OK;
  }

  static boolean engine(RequestTiming t) {
    return ok(t) && !t.getResponseCacheHit();
  }

  static double tpot(RequestTiming t) {
    return t.getMaxInterTokenGapMs() == null
        ? 0
        : t.getDecodeMs() / Math.max(1, t.getReasoningTokens() + t.getAnswerTokens() - 1);
  }

  // --- determinism
  // --------------------------------------------------------------------------------

  @Test
  void sameSeedAndConfigGiveIdenticalEventsInIdenticalOrder() {
    SimulatorConfig c = BASE.toBuilder().duration(Duration.ofMinutes(20)).scenarios("all").build();
    List<Emission> a = all(c);
    List<Emission> b = all(c);
    assertThat(a).hasSizeGreaterThan(20_000).isEqualTo(b);
    List<RequestTiming> viaEvents = new ArrayList<>();
    FleetSimulator.events(c).forEachRemaining(viaEvents::add);
    assertThat(viaEvents).isEqualTo(timings(a));
    assertThat(FleetSimulator.stream(c).limit(100).toList()).isEqualTo(timings(a).subList(0, 100));
  }

  /**
   * Pins the exact output of one config, so a run is reproducible on any machine and JDK (17+) and
   * an unintended change of the model shows up here. Changed the model on purpose? Update the
   * constant (and say so: saved ground truths and baselines from older runs no longer match).
   */
  @Test
  void outputIsPinnedAcrossMachines() {
    SimulatorConfig c = BASE.toBuilder().duration(Duration.ofMinutes(5)).scenarios("all").build();
    long hash = 17;
    for (Emission e : all(c)) {
      hash = hash * 31 + e.emitAtMs();
      hash = hash * 31 + dev.r1lat.ingest.TimingJson.toJson(e.timing()).hashCode();
    }
    assertThat(hash).isEqualTo(GOLDEN);
  }

  static final long GOLDEN = -8185634006254201618L;

  @Test
  void anotherSeedGivesOtherEvents() {
    SimulatorConfig c = BASE.toBuilder().duration(Duration.ofMinutes(1)).build();
    List<RequestTiming> a = timings(all(c));
    List<RequestTiming> b = timings(all(c.toBuilder().seed(8).build()));
    assertThat(a.get(0)).isNotEqualTo(b.get(0));
    Set<String> ids = a.stream().map(RequestTiming::getRequestId).collect(Collectors.toSet());
    assertThat(b).noneMatch(t -> ids.contains(t.getRequestId()));
  }

  @Test
  void eventCountFollowsTheRate() {
    // 06:00-08:00 UTC is below the daily mean for most regions: fewer than rate x duration
    assertThat((double) baseRun().size())
        .isBetween(0.8 * BASE.expectedEvents(), 1.0 * BASE.expectedEvents());
  }

  // --- publication order, out-of-order and late
  // ---------------------------------------------------

  @Test
  void publishesByCompletionWithSomeEventsOutOfOrderAndAFewLate() {
    List<Emission> es = baseRun();
    long previous = Long.MIN_VALUE;
    long maxEventTime = Long.MIN_VALUE;
    int behindBySeconds = 0;
    int behindByMinutes = 0;
    for (Emission e : es) {
      assertThat(e.emitAtMs()).isGreaterThanOrEqualTo(previous);
      previous = e.emitAtMs();
      long et = e.timing().getEventTimeMs();
      switch (e.delivery()) {
        case IN_ORDER -> assertThat(e.emitAtMs() - et).isZero();
        case OUT_OF_ORDER -> assertThat(e.emitAtMs() - et).isBetween(1_000L, 5_000L);
        case LATE -> assertThat(e.emitAtMs() - et).isBetween(120_000L, 600_000L);
      }
      long behind = maxEventTime == Long.MIN_VALUE ? 0 : maxEventTime - et;
      if (behind >= 1_000 && behind < 60_000) {
        behindBySeconds++;
      } else if (behind >= 60_000) {
        behindByMinutes++;
      }
      maxEventTime = Math.max(maxEventTime, et);
    }
    Map<Emission.Delivery, Long> counts =
        es.stream().collect(Collectors.groupingBy(Emission::delivery, Collectors.counting()));
    double n = es.size();
    assertThat(counts.get(Emission.Delivery.OUT_OF_ORDER) / n).isBetween(0.008, 0.012);
    assertThat(counts.get(Emission.Delivery.LATE) / n).isBetween(0.0006, 0.0014);
    // as a consumer sees them: seconds behind the newest event time, or minutes behind
    assertThat(behindBySeconds / n).isBetween(0.007, 0.013);
    assertThat(behindByMinutes).isEqualTo(counts.get(Emission.Delivery.LATE).intValue());
  }

  // --- field consistency
  // ----------------------------------------------------------------------------

  @Test
  void fieldsAreConsistentAndValid() {
    TimingRules rules = new TimingRules(86_400_000.0, 300_000, 1_209_600_000L);
    Set<String> ids = new HashSet<>();
    for (RequestTiming t : timings(baseRun())) {
      assertThat(ids.add(t.getRequestId())).as("unique id").isTrue();
      assertThat(rules.violations(t, t.getEventTimeMs() + 1_000)).as(t.toString()).isEmpty();
      assertThat(t.getEventTimeMs()).isGreaterThanOrEqualTo(BASE.startMs());
      int tokens = t.getReasoningTokens() + t.getAnswerTokens();
      if (ok(t)) {
        double beforeFirst =
            t.getNetworkInMs() + t.getQueueMs() + t.getPreprocessMs() + t.getPrefillMs();
        double firstToken = t.getTtftMs() - beforeFirst;
        assertThat(firstToken).as("first token time").isGreaterThan(0);
        if (!t.getResponseCacheHit()) {
          assertThat(firstToken)
              .isCloseTo(tpot(t), within(0.01 + 0.01 * firstToken + stallShare(t)));
        }
        assertThat(t.getE2eMs())
            .isCloseTo(
                t.getTtftMs() + t.getDecodeMs() + t.getPostprocessMs() + t.getNetworkOutMs(),
                within(1e-6));
        assertThat(t.getTtfoMs()).isBetween(t.getTtftMs(), t.getTtftMs() + t.getDecodeMs() + 1e-9);
        if (t.getReasoningTokens() == 0) {
          assertThat(t.getTtfoMs()).isEqualTo(t.getTtftMs());
        }
        assertThat(t.getAnswerTokens()).isPositive();
        if (tokens >= 2) {
          assertThat(t.getMaxInterTokenGapMs())
              .isGreaterThanOrEqualTo(t.getDecodeMs() / (tokens - 1) - 1e-6);
        } else {
          assertThat(t.getMaxInterTokenGapMs()).isNull();
        }
        assertThat(t.getErrorCode()).isNull();
      } else {
        assertThat(t.getErrorCode()).isNotBlank();
        assertThat(t.getResponseCacheHit()).isFalse();
        double measured =
            t.getNetworkInMs()
                + nz(t.getQueueMs())
                + nz(t.getPreprocessMs())
                + nz(t.getPrefillMs())
                + nz(t.getPostprocessMs())
                + t.getNetworkOutMs();
        assertThat(t.getE2eMs()).isGreaterThanOrEqualTo(measured - 1e-6);
        if (t.getTtftMs() == null) {
          assertThat(tokens).isZero();
          assertThat(t.getDecodeMs()).isNull();
        } else {
          assertThat(t.getE2eMs())
              .isCloseTo(
                  t.getTtftMs() + t.getDecodeMs() + t.getPostprocessMs() + t.getNetworkOutMs(),
                  within(1e-6));
        }
        if (t.getStatus() == RequestStatus.TIMEOUT) {
          assertThat(t.getE2eMs()).isGreaterThanOrEqualTo(BASE.requestTimeout().toMillis());
        }
      }
      if (t.getCachedPromptTokens() != null) {
        assertThat(t.getCachedPromptTokens()).isLessThanOrEqualTo(t.getPromptTokens());
      }
    }
  }

  private static double stallShare(RequestTiming t) {
    return t.getMaxInterTokenGapMs() == null ? 0 : t.getMaxInterTokenGapMs();
  }

  private static double nz(Double d) {
    return d == null ? 0 : d;
  }

  // --- realism
  // --------------------------------------------------------------------------------------

  @Test
  void regionsDifferInNetworkAndTiersInSpeed() {
    List<RequestTiming> ts = timings(baseRun());
    double usEast =
        median(values(ts, t -> t.getRegion().equals("us-east"), t -> t.getNetworkOutMs()));
    double euWest =
        median(values(ts, t -> t.getRegion().equals("eu-west"), t -> t.getNetworkOutMs()));
    double apSouth =
        median(values(ts, t -> t.getRegion().equals("ap-south"), t -> t.getNetworkOutMs()));
    assertThat(usEast).isLessThan(euWest);
    assertThat(euWest * 2).isLessThan(apSouth);

    Predicate<RequestTiming> r1 = t -> engine(t) && t.getModel().equals("deepseek-r1");
    double h200 =
        median(values(ts, r1.and(t -> t.getTier().equals("H200")), FleetSimulatorTest::tpot));
    double h100 =
        median(values(ts, r1.and(t -> t.getTier().equals("H100")), FleetSimulatorTest::tpot));
    double a100 =
        median(values(ts, r1.and(t -> t.getTier().equals("A100")), FleetSimulatorTest::tpot));
    assertThat(h200).isLessThan(h100 * 0.85);
    assertThat(h100).isLessThan(a100 * 0.75);
    double prefillH200 =
        median(values(ts, r1.and(t -> t.getTier().equals("H200")), t -> t.getPrefillMs()));
    double prefillA100 =
        median(values(ts, r1.and(t -> t.getTier().equals("A100")), t -> t.getPrefillMs()));
    assertThat(prefillH200 * 1.8).isLessThan(prefillA100);
    assertThat(ts).noneMatch(t -> t.getTier().equals("L40S") && t.getModel().equals("deepseek-r1"));
    assertThat(ts.stream().map(RequestTiming::getModel).distinct()).hasSize(2);
  }

  @Test
  void cachesMakeLatenciesBimodal() {
    List<RequestTiming> ts = timings(baseRun());
    List<Double> hits = values(ts, t -> ok(t) && t.getResponseCacheHit(), t -> t.getE2eMs());
    List<Double> misses = values(ts, FleetSimulatorTest::engine, t -> t.getE2eMs());
    assertThat(hits.size() / (double) ts.size()).isBetween(0.04, 0.06);
    assertThat(quantile(hits, 0.99) * 20).isLessThan(median(misses));

    Predicate<RequestTiming> longPrompt = t -> engine(t) && t.getPromptTokens() > 2_000;
    double prefillCached =
        median(
            values(ts, longPrompt.and(t -> t.getCachedPromptTokens() > 0), t -> t.getPrefillMs()));
    double prefillCold =
        median(
            values(ts, longPrompt.and(t -> t.getCachedPromptTokens() == 0), t -> t.getPrefillMs()));
    assertThat(prefillCached * 2.5).isLessThan(prefillCold);
  }

  @Test
  void reasoningIsLongAndHeavyTailed() {
    List<Double> reasoning =
        values(
            timings(baseRun()),
            t -> ok(t) && t.getModel().equals("deepseek-r1"),
            t -> t.getReasoningTokens());
    double p50 = quantile(reasoning, 0.5);
    double p99 = quantile(reasoning, 0.99);
    assertThat(p50).isBetween(900.0, 2_500.0);
    assertThat(p99 / p50).isGreaterThan(6);
    assertThat(quantile(reasoning, 0.999)).isGreaterThan(15_000);
  }

  @Test
  void loadFollowsTheDayAndQueueingGrowsWithIt() {
    SimulatorConfig day =
        BASE.toBuilder()
            .rate(2)
            .start(Instant.parse("2026-03-02T00:00:00Z"))
            .duration(Duration.ofDays(1))
            .build();
    List<RequestTiming> ts = timings(all(day));
    // over a whole day the diurnal curve averages out: rate x duration
    assertThat((double) ts.size())
        .isCloseTo(day.expectedEvents(), within(0.02 * day.expectedEvents()));
    long[] perHour = new long[24];
    List<Double> busyQueue = new ArrayList<>();
    List<Double> quietQueue = new ArrayList<>();
    for (RequestTiming t : ts) {
      if (!t.getRegion().equals("eu-west")) {
        continue;
      }
      int hour = (int) ((t.getEventTimeMs() - day.startMs()) / 3_600_000L);
      if (hour < 24) {
        perHour[hour]++;
      }
      if (engine(t) && (hour >= 12 && hour < 16)) {
        busyQueue.add(t.getQueueMs());
      } else if (engine(t) && (hour >= 0 && hour < 5)) {
        quietQueue.add(t.getQueueMs());
      }
    }
    long peak = java.util.Arrays.stream(perHour).max().orElseThrow();
    long trough = java.util.Arrays.stream(perHour).min().orElseThrow();
    assertThat((double) peak / trough).isGreaterThan(1.6);
    double busy = busyQueue.stream().mapToDouble(d -> d).average().orElseThrow();
    double quiet = quietQueue.stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(busy).isGreaterThan(quiet * 4);
  }

  @Test
  void hasErrorsCancellationsAndTimeouts() {
    Map<RequestStatus, Long> byStatus =
        timings(baseRun()).stream()
            .collect(Collectors.groupingBy(RequestTiming::getStatus, Collectors.counting()));
    double n = baseRun().size();
    assertThat(byStatus.get(RequestStatus.ERROR) / n).isBetween(0.001, 0.004);
    assertThat(byStatus.get(RequestStatus.CANCELLED) / n).isBetween(0.0015, 0.005);
    assertThat(byStatus.get(RequestStatus.TIMEOUT) / n).isBetween(0.001, 0.02);
  }

  // --- scenarios: each changes what it should, and only where it should
  // ------------------------------

  record Paired(RequestTiming base, RequestTiming faulty) {}

  /**
   * Runs BASE with the fault; asserts every event outside the fault is unchanged; pairs the rest.
   */
  static List<Paired> affected(String scenarioSpec) {
    SimulatorConfig c = BASE.toBuilder().scenarios(scenarioSpec).build();
    Fault f = c.faults().get(0);
    Map<String, RequestTiming> base =
        timings(baseRun()).stream().collect(Collectors.toMap(RequestTiming::getRequestId, t -> t));
    List<Paired> inside = new ArrayList<>();
    int unchanged = 0;
    for (RequestTiming t : timings(all(c))) {
      RequestTiming b = base.get(t.getRequestId());
      assertThat(b).as("event also in the base run").isNotNull();
      boolean inGroup = f.appliesTo(t.getRegion(), t.getTier());
      long arrival = arrivalMs(b);
      boolean inWindow = arrival >= f.startMs() - 1 && arrival < f.endMs() + 1;
      if (inGroup && inWindow) {
        inside.add(new Paired(b, t));
      } else {
        assertThat(t).as("outside the fault nothing changes").isEqualTo(b);
        unchanged++;
      }
    }
    assertThat(unchanged).isGreaterThan(100_000);
    assertThat(inside).hasSizeGreaterThan(500);
    return inside;
  }

  static List<Double> ratios(
      List<Paired> ps, Predicate<RequestTiming> both, ToDoubleFunction<RequestTiming> f) {
    return ps.stream()
        .filter(p -> both.test(p.base()) && both.test(p.faulty()))
        .map(p -> f.applyAsDouble(p.faulty()) / f.applyAsDouble(p.base()))
        .toList();
  }

  @Test
  void gpuDegradationSlowsPrefillAndDecodeOfOneRegionTier() {
    List<Paired> in = affected("gpu-degradation");
    assertThat(in)
        .allMatch(p -> p.base().getRegion().equals("us-east") && p.base().getTier().equals("H100"));
    assertThat(median(ratios(in, FleetSimulatorTest::engine, t -> t.getPrefillMs())))
        .isCloseTo(2.5, within(0.1));
    assertThat(median(ratios(in, t -> engine(t) && tpot(t) > 0, FleetSimulatorTest::tpot)))
        .isCloseTo(2.5, within(0.15));
    assertThat(median(ratios(in, FleetSimulatorTest::engine, t -> t.getNetworkInMs())))
        .isEqualTo(1.0);
  }

  @Test
  void networkCongestionRaisesNetworkTimesInOneRegion() {
    List<Paired> in = affected("network-congestion");
    assertThat(in).allMatch(p -> p.base().getRegion().equals("ap-south"));
    assertThat(in.stream().map(p -> p.base().getTier()).distinct()).hasSize(4);
    double before =
        median(values(in.stream().map(Paired::base).toList(), t -> true, t -> t.getNetworkOutMs()));
    double after =
        median(
            values(in.stream().map(Paired::faulty).toList(), t -> true, t -> t.getNetworkOutMs()));
    assertThat(after - before).isGreaterThan(200);
    assertThat(median(ratios(in, FleetSimulatorTest::engine, t -> t.getPrefillMs())))
        .isEqualTo(1.0);
  }

  @Test
  void queueSaturationMakesQueueWaitsExplode() {
    List<Paired> in = affected("queue-saturation");
    assertThat(in)
        .allMatch(p -> p.base().getRegion().equals("eu-west") && p.base().getTier().equals("A100"));
    List<RequestTiming> faulty = in.stream().map(Paired::faulty).toList();
    List<RequestTiming> base = in.stream().map(Paired::base).toList();
    assertThat(median(values(base, FleetSimulatorTest::engine, t -> t.getQueueMs())))
        .isLessThan(50);
    assertThat(median(values(faulty, FleetSimulatorTest::engine, t -> t.getQueueMs())))
        .isGreaterThan(5_000);
    assertThat(median(ratios(in, FleetSimulatorTest::engine, t -> t.getTtftMs())))
        .isGreaterThan(10);
  }

  @Test
  void errorStormRaisesTheErrorRateOfOneGroup() {
    List<Paired> in = affected("error-storm");
    assertThat(in)
        .allMatch(p -> p.base().getRegion().equals("us-east") && p.base().getTier().equals("L40S"));
    double before =
        in.stream().filter(p -> p.base().getStatus() == RequestStatus.ERROR).count()
            / (double) in.size();
    double after =
        in.stream().filter(p -> p.faulty().getStatus() == RequestStatus.ERROR).count()
            / (double) in.size();
    assertThat(before).isLessThan(0.02);
    assertThat(after).isBetween(0.24, 0.34); // 30% of engine requests (cache hits never fail)
  }

  @Test
  void regionSilentRemovesOneRegionDuringTheWindowOnly() {
    SimulatorConfig c = BASE.toBuilder().scenarios("region-silent").build();
    Fault f = c.faults().get(0);
    List<RequestTiming> base = timings(baseRun());
    List<RequestTiming> silent = timings(all(c));
    Predicate<RequestTiming> inWindow =
        t -> t.getRegion().equals("us-west") && f.activeAt(t.getEventTimeMs());
    long missing = base.stream().filter(inWindow).count();
    assertThat(missing).isGreaterThan(1_000);
    assertThat(silent).noneMatch(inWindow);
    assertThat(silent).hasSize((int) (base.size() - missing));
    assertThat(silent.stream().filter(t -> t.getRegion().equals("us-west")).count())
        .isGreaterThan(1_000);
    Set<String> kept = silent.stream().map(RequestTiming::getRequestId).collect(Collectors.toSet());
    assertThat(base.stream().filter(inWindow.negate()))
        .allMatch(t -> kept.contains(t.getRequestId()));
  }

  @Test
  void creepingRegressionGrowsDecodeTimeLinearly() {
    List<Paired> in = affected("creeping-regression");
    assertThat(in)
        .allMatch(p -> p.base().getRegion().equals("eu-west") && p.base().getTier().equals("H200"));
    Fault f = BASE.toBuilder().scenarios("creeping-regression").build().faults().get(0);
    long span = f.endMs() - f.startMs();
    Predicate<Paired> early = p -> arrivalMs(p.base()) < f.startMs() + span / 10;
    Predicate<Paired> late = p -> arrivalMs(p.base()) > f.endMs() - span / 10;
    Predicate<RequestTiming> decoding = t -> engine(t) && tpot(t) > 0;
    double earlyRatio =
        median(ratios(in.stream().filter(early).toList(), decoding, FleetSimulatorTest::tpot));
    double lateRatio =
        median(ratios(in.stream().filter(late).toList(), decoding, FleetSimulatorTest::tpot));
    assertThat(earlyRatio).isBetween(1.0, 1.15);
    assertThat(lateRatio).isBetween(1.8, 2.05);
    assertThat(median(ratios(in, FleetSimulatorTest::engine, t -> t.getPrefillMs())))
        .isEqualTo(1.0);
  }

  @Test
  void mixShiftDoublesReasoningAtTheSameServingSpeed() {
    List<Paired> in = affected("mix-shift");
    assertThat(in)
        .allMatch(p -> p.base().getRegion().equals("eu-west") && p.base().getTier().equals("H100"));
    Predicate<RequestTiming> thinking = t -> engine(t) && t.getReasoningTokens() > 0;
    assertThat(median(ratios(in, thinking, t -> t.getReasoningTokens())))
        .isCloseTo(2.0, within(0.01));
    assertThat(median(ratios(in, thinking, t -> t.getE2eMs()))).isGreaterThan(1.5);
    // the serving speed is ground truth here: per-token time, prefill and TTFT do not move
    Predicate<RequestTiming> decoding = t -> engine(t) && tpot(t) > 0;
    assertThat(median(ratios(in, decoding, FleetSimulatorTest::tpot))).isCloseTo(1.0, within(0.01));
    assertThat(median(ratios(in, FleetSimulatorTest::engine, t -> t.getPrefillMs())))
        .isEqualTo(1.0);
    assertThat(median(ratios(in, FleetSimulatorTest::engine, t -> t.getTtftMs()))).isEqualTo(1.0);
  }

  @Test
  void allScenariosHitDisjointGroups() {
    SimulatorConfig c = BASE.toBuilder().scenarios("all").build();
    assertThat(c.faults()).hasSize(FaultScenario.values().length);
    List<Fault> fs = c.faults();
    for (int i = 0; i < fs.size(); i++) {
      for (int j = i + 1; j < fs.size(); j++) {
        Fault a = fs.get(i);
        Fault b = fs.get(j);
        boolean overlap =
            a.region().equals(b.region())
                && (a.tier().equals("*") || b.tier().equals("*") || a.tier().equals(b.tier()));
        assertThat(overlap).as(a.scenario() + " vs " + b.scenario()).isFalse();
      }
    }
    Iterator<Emission> it = FleetSimulator.emissions(c);
    assertThat(it.hasNext()).isTrue();
  }
}
