package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.r1lat.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A setting no command knows fails fast instead of being silently ignored. */
class ConfigOptionsTest {
  @Test
  void shouldRefuseATypoOnTheCommandLineWithUsageExitCode() {
    int code = Main.commandLine().execute("config", "--set", "sterams.grace=5s");

    assertThat(code).isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void shouldRefuseAnUnknownKeyInTheConfigFile(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("r1lat.properties"), "streams.max-timing-ms=5\n");

    int code = Main.commandLine().execute("config", "--config", config.toString());

    assertThat(code).isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void shouldAcceptKafkaClientSettingsAndKnownKeys() {
    int code =
        Main.commandLine()
            .execute(
                "config", "--set", "kafka.session.timeout.ms=10000", "--set", "streams.grace=5s");

    assertThat(code).isZero();
  }

  @Test
  void shouldNameTheRenamedOrClosestKey() {
    assertThatThrownBy(() -> ConfigOptions.refuseUnknown(List.of("streams.max-timing-ms", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'streams.max-timing-ms'")
        .hasMessageContaining("did you mean events.max-timing-ms?")
        .hasMessageContaining("and 1 more");
    assertThat(ConfigOptions.closestKey("stack.kafka.prot")).isEqualTo("stack.kafka.port");
    assertThat(ConfigOptions.closestKey("completely.unrelated-name-here")).isNull();
  }
}
