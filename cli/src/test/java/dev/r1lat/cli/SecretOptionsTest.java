package dev.r1lat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./r1lat config never prints a secret, and a secret given as --set is refused. */
class SecretOptionsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream stdout;
  private PrintStream stderr;

  @BeforeEach
  void capture() {
    stdout = System.out;
    stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  @Test
  void shouldListSecretSettingsMasked(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("r1lat.properties"),
            "clickhouse.password=ch-listing-secret\n"
                + "gateway.auth-token=gw-listing-secret\n"
                + "kafka.security.protocol=SASL_SSL\n"
                + "kafka.sasl.jaas.config=ScramLoginModule required username=\"r1lat\""
                + " password=\"jaas-listing-secret\";\n"
                + "kafka.ssl.truststore.password=trust-listing-secret\n");

    int code = Main.commandLine().execute("config", "--config", config.toString());

    String listing = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(listing)
        .contains("clickhouse.password")
        .contains("kafka.sasl.jaas.config")
        .contains("kafka.security.protocol")
        .contains("SASL_SSL")
        .doesNotContain("listing-secret");
  }

  @Test
  void shouldRefuseASecretOnTheCommandLineWithoutEchoingIt() {
    int code =
        Main.commandLine()
            .execute("config", "--set", "kafka.sasl.jaas.config=password=\"argv-secret\"");

    assertThat(code).isEqualTo(Main.EXIT_USAGE);
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(message)
        .contains("R1LAT_KAFKA_SASL_JAAS_CONFIG")
        .contains("kafka.sasl.jaas.config-file")
        .doesNotContain("argv-secret");
  }

  @Test
  void shouldAcceptTheFileOfASecretOnTheCommandLine(@TempDir Path dir) throws Exception {
    Path pw = Files.writeString(dir.resolve("pw"), "from-a-file\n");
    int code = Main.commandLine().execute("config", "--set", "clickhouse.password-file=" + pw);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("from-a-file");
  }
}
