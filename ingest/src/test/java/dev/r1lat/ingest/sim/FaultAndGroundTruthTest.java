package dev.r1lat.ingest.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.schema.AnomalyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultAndGroundTruthTest {
  static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
  static final Duration RUN = Duration.ofHours(10);

  @Test
  void defaultsStartMidwayWithDefaultGroup() {
    List<Fault> fs = Fault.parse("gpu-degradation", START, RUN);
    assertThat(fs)
        .containsExactly(
            new Fault(
                FaultScenario.GPU_DEGRADATION,
                "us-east",
                "H100",
                START + 5 * 3_600_000L,
                START + 7 * 3_600_000L,
                2.5));
  }

  @Test
  void optionsOverrideGroupWindowAndMagnitude() {
    Fault f =
        Fault.parse(
                "queue-saturation:region=us-west;tier=H200;start=1h;end=90m;magnitude=8",
                START,
                RUN)
            .get(0);
    assertThat(f)
        .isEqualTo(
            new Fault(
                FaultScenario.QUEUE_SATURATION,
                "us-west",
                "H200",
                START + 3_600_000L,
                START + 5_400_000L,
                8));
    Fault abs = Fault.parse("error-storm:start=2026-03-02T03:00:00Z", START, RUN).get(0);
    assertThat(abs.startMs()).isEqualTo(START + 3 * 3_600_000L);
    assertThat(abs.endMs() - abs.startMs()).isEqualTo(2 * 3_600_000L);
  }

  @Test
  void listsAndAllExpand() {
    assertThat(Fault.parse("gpu-degradation,error-storm", START, RUN))
        .extracting(Fault::scenario)
        .containsExactly(FaultScenario.GPU_DEGRADATION, FaultScenario.ERROR_STORM);
    assertThat(Fault.parse("all", START, RUN)).hasSize(7);
    assertThat(Fault.parse("network-congestion:tier=H100", START, RUN).get(0).tier())
        .isEqualTo("*");
  }

  @Test
  void badSpecsFailWithAReason() {
    assertThatThrownBy(() -> Fault.parse("gpu-meltdown", START, RUN))
        .hasMessageContaining("unknown scenario 'gpu-meltdown'");
    assertThatThrownBy(() -> Fault.parse("gpu-degradation:colour=red", START, RUN))
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> Fault.parse("gpu-degradation:start=5h;end=4h", START, RUN))
        .hasMessageContaining("end must be after start");
  }

  @Test
  void groundTruthRoundTripsThroughTheFile(@TempDir Path dir) throws Exception {
    SimulatorConfig c =
        SimulatorConfig.builder()
            .start(Instant.ofEpochMilli(START))
            .duration(RUN)
            .scenarios("all")
            .build();
    List<GroundTruth.Entry> entries = FleetSimulator.groundTruth(c);
    Path file = dir.resolve("sub/truth.jsonl");
    GroundTruth.write(file, entries);
    assertThat(Files.readAllLines(file)).hasSize(FaultScenario.values().length);
    assertThat(GroundTruth.read(file)).isEqualTo(entries);

    GroundTruth.Entry silent =
        entries.stream()
            .filter(e -> e.scenario().equals("region-silent"))
            .findFirst()
            .orElseThrow();
    assertThat(silent.kind()).isEqualTo(AnomalyKind.TRAFFIC_DROP);
    assertThat(silent.tier()).isEqualTo("*");
    assertThat(silent.covers("us-west", "H100", START + 6 * 3_600_000L)).isTrue();
    assertThat(silent.covers("us-west", "H100", START + 8 * 3_600_000L)).isFalse();
    assertThat(silent.covers("us-east", "H100", START + 6 * 3_600_000L)).isFalse();

    String line = Files.readAllLines(file).get(0);
    assertThat(line)
        .startsWith(
            "{\"scenario\":\"gpu-degradation\",\"kind\":\"BASELINE_REGRESSION\",\"region\":\"us-east\",\"tier\":\"H100\",\"components\":[\"prefill\"");
    assertThat(line).contains("\"startMs\":" + (START + 5 * 3_600_000L));
  }

  @Test
  void readerIgnoresUnknownFieldsAndNamesTheBadLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.jsonl");
    Files.writeString(
        file,
        "{\"scenario\":\"x\",\"kind\":\"ERROR_SPIKE\",\"region\":\"r\",\"tier\":\"*\",\"components\":[],\"startMs\":1,\"endMs\":2,\"extra\":true}\n\n{\"scenario\":\"y\"}\n");
    assertThatThrownBy(() -> GroundTruth.read(file))
        .hasMessageContaining("t.jsonl:3")
        .hasMessageContaining("kind");
    Files.writeString(
        file,
        "{\"scenario\":\"x\",\"kind\":\"ERROR_SPIKE\",\"region\":\"r\",\"tier\":\"*\",\"components\":[],\"startMs\":1,\"endMs\":2,\"extra\":true}\n");
    assertThat(GroundTruth.read(file))
        .singleElement()
        .extracting(GroundTruth.Entry::kind)
        .isEqualTo(AnomalyKind.ERROR_SPIKE);
  }
}
