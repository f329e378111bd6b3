package dev.r1lat.sink.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.query.GenericRecord;
import dev.r1lat.ingest.sim.FleetModel;
import dev.r1lat.ingest.sim.FleetSimulator;
import dev.r1lat.ingest.sim.SimulatorConfig;
import dev.r1lat.schema.AvroCodec;
import dev.r1lat.schema.RequestTiming;
import dev.r1lat.sink.ClickHouseCalls;
import dev.r1lat.sink.ItDatabase;
import dev.r1lat.sink.SinkTables;
import dev.r1lat.sink.write.Batch;
import dev.r1lat.sink.write.ClickHouseBatchWriter;
import dev.r1lat.stack.Endpoints;
import dev.r1lat.stack.junit.RealStackExtension;
import dev.r1lat.testsupport.Requests;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The latency index of sql/ on real ClickHouse, against ground truth: simulated raw rows of a
 * baseline day evening and a test day morning, with the questions getting harder (reasoning x2) in
 * eu-west/H100 and the GPUs degrading (prefill and decode x2.5) in us-east/H100 from midnight; and
 * synthetic rows whose latency is exactly linear in the tokens, for the fit itself.
 */
@ExtendWith(RealStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatencyIndexIT {
  private static final long HOUR = 3_600_000L;

  /** The test day: within the raw table's TTL, so no merge drops the rows. */
  private final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);

  private final long dayStartMs = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  private ItDatabase db;

  @BeforeAll
  void load(Endpoints endpoints) throws Exception {
    db = new ItDatabase(endpoints, "latency_index");
    List<RequestTiming> rows = new ArrayList<>();
    FleetSimulator.stream(simulation()).forEach(rows::add);
    rows.addAll(exactlyLinear());
    AvroCodec<RequestTiming> codec = AvroCodec.of(RequestTiming.class);
    try (var writer = new ClickHouseBatchWriter(db.settings.client(), db.db())) {
      for (int i = 0; i < rows.size(); i += 50_000) {
        List<RequestTiming> part = rows.subList(i, Math.min(rows.size(), i + 50_000));
        writer.write(
            new Batch<>(
                SinkTables.REQUEST_TIMINGS,
                "index",
                0,
                i,
                i + part.size() - 1,
                part.stream()
                    .map(t -> SinkTables.REQUEST_TIMINGS.decode(codec.encode(t)))
                    .toList()));
      }
    }
  }

  /**
   * 6 hours of baseline before midnight, 6 hours of faults after it. The load is flat (no diurnal
   * swing), so the serving speed is the same all along except where a fault changes it.
   */
  private SimulatorConfig simulation() {
    FleetModel d = FleetModel.defaults();
    FleetModel flat =
        new FleetModel(
            d.regions(),
            d.tiers(),
            d.models(),
            0,
            d.peakUtilization(),
            d.promptCacheHitRate(),
            d.responseCacheHitRate(),
            d.baseErrorRate(),
            d.cancelRate());
    return SimulatorConfig.builder()
        .fleet(flat)
        .seed(14)
        .rate(5)
        .start(Instant.ofEpochMilli(dayStartMs - 6 * HOUR))
        .duration(Duration.ofHours(12))
        .scenarios("mix-shift:start=6h;end=12h")
        .scenarios("gpu-degradation:start=6h;end=12h")
        .build();
  }

  /** e2e = 40 + 0.05 prompt + 25 reasoning + 28 answer ms, ttft = 30 + 0.1 prompt, exactly. */
  private List<RequestTiming> exactlyLinear() {
    Random r = new Random(3);
    List<RequestTiming> out = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long at = dayStartMs - 20 * HOUR + (long) (i / 2_000.0 * 22 * HOUR);
      int prompt = 10 + r.nextInt(5_000);
      int reasoning = r.nextInt(8_000);
      int answer = 1 + r.nextInt(1_000);
      out.add(
          RequestTiming.newBuilder(
                  Requests.request()
                      .id("linear-" + i)
                      .region("lab")
                      .tier("T1")
                      .model("linear")
                      .at(at)
                      .tokens(reasoning, answer)
                      .ttftMs(30 + 0.1 * prompt)
                      .e2eMs(40 + 0.05 * prompt + 25 * reasoning + 28 * answer)
                      .build())
              .setPromptTokens(prompt)
              .build());
    }
    return out;
  }

  @AfterAll
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private GenericRecord testDay(String where) {
    return ClickHouseCalls.query(
            db.client,
            "SELECT sum(requests) AS n, sum(e2e_observed_ms) / sum(e2e_expected_ms) AS e2e,"
                + " sum(ttft_observed_ms) / sum(ttft_expected_ms) AS ttft"
                + " FROM {db:Identifier}.latency_index_1h"
                + " WHERE hour >= toDateTime({d:Date}, 'UTC') AND fitted AND "
                + where,
            Map.of("db", db.db(), "d", day.toString()))
        .get(0);
  }

  @Test
  void shouldRecoverExactlyLinearCoefficients() {
    GenericRecord fit =
        ClickHouseCalls.query(
                db.client,
                "SELECT any(e2e_intercept_ms) AS b0, any(e2e_ms_per_prompt_token) AS bp,"
                    + " any(e2e_ms_per_reasoning_token) AS br, any(e2e_ms_per_answer_token) AS ba,"
                    + " any(ttft_intercept_ms) AS t0, any(ttft_ms_per_prompt_token) AS tp,"
                    + " sum(e2e_observed_ms) / sum(e2e_expected_ms) AS idx"
                    + " FROM {db:Identifier}.latency_index_1h"
                    + " WHERE region = 'lab' AND hour >= toDateTime({d:Date}, 'UTC') AND fitted",
                Map.of("db", db.db(), "d", day.toString()))
            .get(0);
    assertThat(fit.getDouble("b0")).isCloseTo(40, within(1e-5));
    assertThat(fit.getDouble("bp")).isCloseTo(0.05, within(1e-9));
    assertThat(fit.getDouble("br")).isCloseTo(25, within(1e-9));
    assertThat(fit.getDouble("ba")).isCloseTo(28, within(1e-9));
    assertThat(fit.getDouble("t0")).isCloseTo(30, within(1e-6));
    assertThat(fit.getDouble("tp")).isCloseTo(0.1, within(1e-9));
    assertThat(fit.getDouble("idx")).isCloseTo(1, within(1e-9));
  }

  @Test
  void shouldKeepTheIndexAtOneWhenTheQuestionsGetHarder() {
    GenericRecord mix = testDay("region = 'eu-west' AND tier = 'H100'");
    assertThat(mix.getLong("n")).isGreaterThan(5_000);
    assertThat(mix.getDouble("e2e")).isCloseTo(1.0, within(0.05));
    assertThat(mix.getDouble("ttft")).isCloseTo(1.0, within(0.05));
    // ... while the latency itself rose: e2e p50 of the same group, test day over baseline
    double rise =
        ClickHouseCalls.query(
                db.client,
                "SELECT quantileExactIf(0.5)(e2e_ms, event_time >= toDateTime({d:Date}, 'UTC'))"
                    + " / quantileExactIf(0.5)(e2e_ms, event_time < toDateTime({d:Date}, 'UTC'))"
                    + " AS rise FROM {db:Identifier}.request_timings"
                    + " WHERE region = 'eu-west' AND tier = 'H100' AND status = 'OK'",
                Map.of("db", db.db(), "d", day.toString()))
            .get(0)
            .getDouble("rise");
    assertThat(rise).isGreaterThan(1.3);
  }

  @Test
  void shouldRaiseTheIndexByAboutTheDegradationFactor() {
    GenericRecord slow = testDay("region = 'us-east' AND tier = 'H100'");
    assertThat(slow.getDouble("e2e")).isCloseTo(2.5, within(0.25));
    assertThat(slow.getDouble("ttft")).isGreaterThan(1.2);
  }

  @Test
  void shouldShowBothCasesInTheWeeklyReportSection() {
    LatencyIndexReport.Section s =
        LatencyIndexReport.read(db.client, db.db(), WeeklyReport.weekOf(day));
    s.byTierAndModel()
        .forEach(
            r ->
                System.out.printf(
                    "[index] %s: e2e %.3f ttft %.3f mean %.0f ms expected %.0f ms%n",
                    r.key(),
                    r.week().e2eIndex(),
                    r.week().ttftIndex(),
                    r.week().e2eMeanMs(),
                    r.week().e2eExpectedMeanMs()));
    s.movers()
        .forEach(
            r ->
                System.out.printf(
                    "[index] mover %s: e2e %.3f ttft %.3f reasoning %.0f%n",
                    r.key(), r.week().e2eIndex(), r.week().ttftIndex(), r.week().reasoningMean()));
    LatencyIndexReport.Row top = s.movers().get(0);
    assertThat(top.region() + "/" + top.tier()).isEqualTo("us-east/H100");
    assertThat(top.week().e2eIndex()).isCloseTo(2.5, within(0.3));
    assertThat(s.movers())
        .filteredOn(r -> r.region().equals("eu-west") && r.tier().equals("H100"))
        .allSatisfy(r -> assertThat(r.week().e2eIndex()).isCloseTo(1.0, within(0.06)));
    assertThat(s.byTierAndModel())
        .filteredOn(r -> r.tier().equals("L40S"))
        .singleElement()
        .satisfies(r -> assertThat(r.week().e2eIndex()).isCloseTo(1.0, within(0.05)));
    StringBuilder h = new StringBuilder();
    LatencyIndexReport.render(h, s);
    assertThat(h).contains("Latency index", "us-east", "eu-west", "deepseek-r1");
  }

  @Test
  void shouldStayAtOneWhereNothingChanged() {
    GenericRecord calm = testDay("region IN ('ap-south', 'us-west')");
    assertThat(calm.getDouble("e2e")).isCloseTo(1.0, within(0.05));
    assertThat(calm.getDouble("ttft")).isCloseTo(1.0, within(0.05));
  }
}
