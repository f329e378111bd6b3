package dev.r1lat.bench;

import dev.r1lat.bench.ingest.OtlpGatewayBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./r1lat bench gateway}: the ways in (JSON, OTLP/HTTP, OTLP/gRPC) side by side. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description =
        "Events/s through each way into the gateway (POST /v1/timings JSON, OTLP/HTTP protobuf,"
            + " OTLP/gRPC) for the same simulated requests in the same run, Kafka replaced by an"
            + " in-memory producer: the gateway's own cost (parse, map, rules, Avro, HTTP).")
final class BenchGatewayCommand implements Callable<Integer> {
  @Option(
      names = "--events",
      defaultValue = "200000",
      description = "requests sent through each way in (default ${DEFAULT-VALUE})")
  int events;

  @Override
  public Integer call() throws Exception {
    OtlpGatewayBench.main(new String[] {Integer.toString(events)});
    return 0;
  }
}
