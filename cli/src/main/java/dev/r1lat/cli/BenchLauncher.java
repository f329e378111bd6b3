package dev.r1lat.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bench} in {@code ./r1lat --help}. The benchmarks live in the bench module, outside the
 * shipped classpath: the {@code ./r1lat} launcher runs {@code ./r1lat bench ...} from the bench
 * module's jar ({@code dev.r1lat.bench.BenchMain}), so this command is reached only when the CLI
 * jar is run on its own.
 */
@Command(
    name = "bench",
    description =
        "Benchmarks. Each prints its figures beside a baseline measured in the same run"
            + " (./r1lat bench --help).")
final class BenchLauncher implements Callable<Integer> {
  @Parameters(hidden = true)
  List<String> args;

  @Override
  public Integer call() {
    System.err.println(
        "r1lat: benchmarks run from the bench module: ./r1lat bench ... (bench/target/r1lat-bench.jar)");
    return Main.EXIT_USAGE;
  }
}
