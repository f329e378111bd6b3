package dev.r1lat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilitySuiteTest {

  @Test
  void shouldRunEveryScenarioOfTheIssueInOrder() {
    assertThat(ReliabilitySuite.numbers())
        .isEqualTo("1,1b,2,3,4,5,6,7,8,8b,9,9b,10,11,12,13,14,15,16,17");
  }

  @Test
  void shouldSelectScenariosByNumber() {
    assertThat(ReliabilitySuite.select(" 5,1 "))
        .extracting(ReliabilityScenario::name)
        .containsExactly("1 streams app SIGKILL + restart", "5 malformed records mixed in");
    assertThat(ReliabilitySuite.select("")).hasSize(20);
  }

  @Test
  void shouldRejectAnUnknownScenarioNumber() {
    assertThatThrownBy(() -> ReliabilitySuite.select("1,99"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known: 1,1b,2,3,4,5,6,7,8,8b,9,9b,10,");
  }

  @Test
  void shouldPrintOneRowPerScenarioWithItsProblemsBelow() {
    ScenarioResult ok =
        new ScenarioResult(
            "1 x",
            7200,
            7200,
            0,
            Duration.ofMillis(10_196),
            "kill -> RUNNING",
            Ledger.EMPTY,
            List.of(),
            List.of());
    ScenarioResult bad =
        new ScenarioResult(
            "2 y", 10, 9, 1, null, "-", Ledger.EMPTY, List.of("lost one"), List.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ResultTable.print(List.of(ok, bad), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("scenario", "events in", "accounted", "duplicates", "recovery");
    assertThat(out.lines().filter(l -> l.startsWith("1 x")).findFirst().orElseThrow())
        .contains("7200", "10.2 s", "ok");
    assertThat(out.lines().filter(l -> l.startsWith("2 y")).findFirst().orElseThrow())
        .contains("FAILED");
    assertThat(out).contains("problem (2 y): lost one");
  }
}
